using System.Net;
using System.Text;
using NinNotebooks.Platform;

namespace NinNotebooks.Lessons;

/// <summary>
/// The HTML of a lesson's page, shared by the HTML book (one page per executed notebook) and the page a lesson app
/// writes as it runs: the same elements and classes, styled by the same style sheet (book.css).
/// </summary>
public static class LessonPage
{
    /// <summary>The style sheet of every page (the book copies it into its assets; an app's page carries it inline).</summary>
    public static string Stylesheet { get; } = ReadStylesheet();

    /// <summary>A markdown cell: rendered by <see cref="LessonMarkdown.ToHtml"/>.</summary>
    public static string Markdown(string markdown) => $"<section class=\"markdown\">{LessonMarkdown.ToHtml(markdown)}</section>\n";

    /// <summary>A code cell's source, already turned into (encoded, highlighted) HTML.</summary>
    public static string Code(string highlightedHtml) => $"<pre class=\"code\"><code>{highlightedHtml}</code></pre>\n";

    /// <summary>A cell's outputs (each already HTML), or nothing when it has none.</summary>
    public static string Outputs(IEnumerable<string> outputs)
    {
        var html = string.Concat(outputs ?? []);
        return html.Length == 0 ? "" : $"<div class=\"output\">{html}</div>\n";
    }

    /// <summary>Printed or plain text, encoded.</summary>
    public static string Text(string text) => $"<pre class=\"text\">{Encode(text)}</pre>";

    /// <summary>An error, encoded.</summary>
    public static string Error(string text) => $"<pre class=\"error\">{Encode(text)}</pre>";

    /// <summary>HTML that the lesson's code displayed, shown as it is (see the trust rule in the README).</summary>
    public static string Html(string html) => $"<div class=\"html\">{html}</div>";

    /// <summary>A whole page: <paramref name="head"/> goes into the head after the title, <paramref name="body"/> into the body.</summary>
    public static string Document(string title, string head, string body) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(title)}</title>
        {head}
        </head>
        <body>
        {body}
        </body>
        </html>

        """;

    /// <summary>Text encoded for HTML.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A style sheet inside a style element (its text cannot end the element early).</summary>
    public static string InlineStyle(string css) => $"<style>{(css ?? "").Replace("</", "<\\/", StringComparison.Ordinal)}</style>";

    private const string MarkStart = "<!-- Written by a lesson app (nin notebooks export --to cs); SHA-256 of the lines below: ";

    private const string MarkEnd = ". The app replaces only its own unchanged page. -->";

    private static readonly FirstLineMark PageMark = new(MarkStart, MarkEnd);

    /// <summary>
    /// Writes a page made by a lesson app at <paramref name="path"/>, atomically, with a first line that marks it as
    /// such (with the SHA-256 of the rest). A file already there is replaced only when it is such a page, unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The place is a link, a folder, a FIFO, socket or device, a file no lesson app wrote, or a page changed since (the message names it).</exception>
    public static void Write(string path, string html)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(html);
        var isNew = CheckReplaceable(path);
        var marked = Mark(html);
        AtomicFile.WriteAllText(path, marked, replace: !isNew);
    }

    /// <summary>
    /// Checks that a lesson app may write its page at <paramref name="path"/>; true when nothing is there yet.
    /// </summary>
    /// <exception cref="ArgumentException">See <see cref="Write"/>.</exception>
    public static bool CheckReplaceable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Ownership.Of(path, PageMark.IsUnchanged) switch
        {
            Ownership.Standing.Nothing => true,
            Ownership.Standing.Ours => false,
            Ownership.Standing.Link => throw new ArgumentException($"{path} is a symbolic link; the lesson neither writes through it nor replaces it. Remove it, or give another --page."),
            Ownership.Standing.Folder => throw new ArgumentException($"{path} is a folder; give --page a file name."),
            Ownership.Standing.Special => throw new ArgumentException($"{path} is not a regular file (a FIFO, socket or device); the lesson will not write its page there. Move it, or give another --page."),
            Ownership.Standing.ChangedSince => throw new ArgumentException($"{path} was written by a lesson app but changed since; the lesson will not replace the changes. Move it, or give another --page."),
            _ => throw new ArgumentException($"{path} exists and was not written by a lesson app (its first line is not a lesson page's mark); the lesson will not replace it. Move it, or give another --page (or --no-page)."),
        };
    }

    /// <summary><paramref name="html"/> with the mark as its first line.</summary>
    internal static string Mark(string html) => PageMark.Apply(html);

    private static string ReadStylesheet()
    {
        using var stream = typeof(LessonPage).Assembly.GetManifestResourceStream("NinNotebooks.Lessons.book.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
