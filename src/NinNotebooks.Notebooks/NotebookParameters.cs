using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Lessons;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Parameters as papermill passes them: <c>name=value</c> pairs, typed as int, long, double, bool or string, injected as
/// a new cell right after the cell tagged <c>parameters</c> (at the top when there is none) so they override its defaults.
/// A value is a number or a bool only when it is written exactly as one (" 7 " stays a string); a whole number too large
/// for an int is a long, never a double; a name that is a C# keyword is written as <c>@name</c>, as C# requires.
/// </summary>
public static class NotebookParameters
{
    /// <summary>The tag of the cell holding a notebook's default parameters.</summary>
    public const string Tag = "parameters";

    /// <summary>The tag of the injected cell.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>Parses "name=value" into a name and a typed value (the typing rules are <see cref="ParameterValue"/>'s, which exported lesson apps share).</summary>
    public static KeyValuePair<string, object> Parse(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (ParameterValue.Split(assignment) is not var (name, text) || !SyntaxFacts.IsValidIdentifier(name))
        {
            throw new ArgumentException($"--param: expected name=value with a C# identifier as name, got '{assignment}'.");
        }

        return KeyValuePair.Create(name, ParameterValue.Parse(name, text));
    }

    /// <summary>The name as C# code: a keyword (<c>class</c>, or a contextual one such as <c>await</c>) gets C#'s <c>@</c>.</summary>
    internal static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>C# that assigns the parameters, one <c>var</c> per line.</summary>
    public static string ToCode(IEnumerable<KeyValuePair<string, object>> parameters) =>
        string.Join('\n', parameters.Select(p => $"var {Identifier(p.Key)} = {Literal(p.Value)};"));

    /// <summary>The parameters as assignments to the variables the parameters cell declared (for a program, where a
    /// second declaration would not compile).</summary>
    internal static string ToAssignments(IEnumerable<KeyValuePair<string, object>> parameters) =>
        string.Join('\n', parameters.Select(p => $"{Identifier(p.Key)} = {Literal(p.Value)};"));

    /// <summary>The names a parameters cell declares (<c>var name = ...;</c> at the start of a line).</summary>
    public static IReadOnlySet<string> Declared(string parametersCell) =>
        System.Text.RegularExpressions.Regex.Matches(parametersCell ?? "", @"(?m)^\s*var\s+(\w+)\s*=").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Inserts the parameter cell into <paramref name="notebook"/>; returns its index.</summary>
    public static int Inject(InteractiveDocument notebook, IReadOnlyList<KeyValuePair<string, object>> parameters)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var cells = notebook.Elements;
        var index = cells.Select((c, i) => (c, i)).FirstOrDefault(x => !x.c.IsMarkdown() && x.c.Tags().Contains(Tag), (null!, -1)).Item2 + 1;
        cells.Insert(index, new InteractiveDocumentElement("// Parameters injected by nin notebooks run\n" + ToCode(parameters), NotebookKernel.CSharp)
        {
            Metadata = new Dictionary<string, object> { ["tags"] = new List<object> { InjectedTag } },
        });
        return index;
    }

    private static string Literal(object value) => value switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        bool b => b ? "true" : "false",
        _ => SymbolDisplay.FormatLiteral(value.ToString() ?? "", quote: true),
    };
}
