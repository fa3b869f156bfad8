using System.Net;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NinNotebooks.Notebooks.Export;

/// <summary>
/// C# source as HTML with keywords, strings, numbers, comments and directives in spans (classes kw, str, num, com,
/// dir), from Roslyn's own tokenizer, so the page needs no highlighting script. The text is kept exactly.
/// </summary>
internal static class CodeHighlighter
{
    private static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    public static string ToHtml(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, Script).GetRoot();
        var html = new StringBuilder(source.Length * 2);
        Tokens(root.DescendantTokens(), html, directive: false);
        return html.ToString();
    }

    private static void Tokens(IEnumerable<SyntaxToken> tokens, StringBuilder html, bool directive)
    {
        foreach (var token in tokens)
        {
            Trivia(token.LeadingTrivia, html);
            Append(html, token.Text, directive ? (token.IsKind(SyntaxKind.StringLiteralToken) ? "str" : "dir") : ClassOf(token));
            Trivia(token.TrailingTrivia, html);
        }
    }

    private static void Trivia(SyntaxTriviaList trivia, StringBuilder html)
    {
        foreach (var item in trivia)
        {
            if (item.GetStructure() is { } structure)
            {
                Tokens(structure.DescendantTokens(), html, directive: true);   // #r, #load, #nullable ...
                continue;
            }

            var kind = item.Kind();
            Append(html, item.ToFullString(), kind is SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia
                or SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia ? "com"
                : kind is SyntaxKind.PreprocessingMessageTrivia ? "dir" : null);
        }
    }

    private static string? ClassOf(SyntaxToken token)
    {
        var kind = token.Kind();
        if (SyntaxFacts.IsKeywordKind(kind) || (token.IsKind(SyntaxKind.IdentifierToken) && token.Text is "var" or "await" or "nameof" or "async"))
        {
            return "kw";
        }

        return kind switch
        {
            SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken or SyntaxKind.InterpolatedStringStartToken
                or SyntaxKind.InterpolatedStringEndToken or SyntaxKind.InterpolatedStringTextToken
                or SyntaxKind.InterpolatedRawStringEndToken or SyntaxKind.InterpolatedSingleLineRawStringStartToken
                or SyntaxKind.InterpolatedMultiLineRawStringStartToken or SyntaxKind.SingleLineRawStringLiteralToken
                or SyntaxKind.MultiLineRawStringLiteralToken => "str",
            SyntaxKind.NumericLiteralToken => "num",
            _ => null,
        };
    }

    private static void Append(StringBuilder html, string text, string? cssClass)
    {
        if (text.Length == 0)
        {
            return;
        }

        var encoded = WebUtility.HtmlEncode(text);
        html.Append(cssClass is null ? encoded : $"<span class=\"{cssClass}\">{encoded}</span>");
    }
}
