using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Lessons;
using NinNotebooks.Platform;

namespace NinNotebooks.Notebooks.Export;

/// <summary>
/// Turns executed notebooks into a small static site that works from the file system without a network: an index
/// page listing the notebooks in order, one page per notebook (markdown rendered, code highlighted, outputs shown,
/// previous/next links), and plotly.js and the style sheet copied once into <c>assets/</c> instead of being inlined.
/// </summary>
public static partial class HtmlBook
{
    /// <summary>The folder of the site that holds plotly.js and the style sheet.</summary>
    public const string AssetsFolder = "assets";

    /// <summary>
    /// Writes the site for <paramref name="notebooks"/> (in the order given) into <paramref name="outputDirectory"/>.
    /// The site is built in a temporary folder next to it and moved into place at the end, so a failure leaves the
    /// previous site (or nothing) behind, never half a site.
    /// </summary>
    /// <returns>The pages written: index.html first, then one per notebook.</returns>
    /// <exception cref="ArgumentException">
    /// No notebooks; or the output folder is a file, a link, or holds anything but an earlier book written here (see
    /// <see cref="BookMarker"/>), which is then left exactly as it was.
    /// </exception>
    /// <exception cref="InvalidDataException">A notebook cannot be read (the message names it).</exception>
    public static IReadOnlyList<string> Write(IReadOnlyList<string> notebooks, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(notebooks);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (notebooks.Count == 0)
        {
            throw new ArgumentException("Give at least one executed notebook (.ipynb) or a folder holding them.", nameof(notebooks));
        }

        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        if (File.Exists(target))
        {
            throw new ArgumentException($"{target} is a file; give a folder for the book.");
        }

        if (new DirectoryInfo(target).LinkTarget is not null)
        {
            throw new ArgumentException($"{target} is a symbolic link; give the folder itself.");
        }

        // Only a folder that is provably an earlier book (its marker lists everything in it, unchanged) is replaced.
        var earlier = Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() ? BookMarker.Verify(target) : null;
        var pages = Pages(notebooks);
        var plotly = PlotlyLibrary(pages);
        RemoveStaleCopies(target);
        var staging = $"{target}.tmp-{Guid.NewGuid():N}";
        var folders = CreatedFolders.Before(target);
        try
        {
            Directory.CreateDirectory(Path.Combine(staging, AssetsFolder));
            if (plotly is not null)
            {
                WriteFile(Path.Combine(staging, AssetsFolder, "plotly.min.js"), plotly);
            }

            WriteFile(Path.Combine(staging, AssetsFolder, "book.css"), LessonPage.Stylesheet);
            WriteFile(Path.Combine(staging, "index.html"), Index(pages));
            for (var i = 0; i < pages.Count; i++)
            {
                WriteFile(Path.Combine(staging, pages[i].FileName),
                    PageHtml(pages[i], i > 0 ? pages[i - 1] : null, i + 1 < pages.Count ? pages[i + 1] : null));
            }

            BookMarker.Write(staging);
            if (Directory.Exists(target))
            {
                // Two renames: a crash between them leaves the earlier book beside the folder (target.old-*), which the
                // next export removes once it checks that it is a book.
                var aside = $"{target}.old-{Guid.NewGuid():N}";
                FaultInjection.BeforeRename();
                Directory.Move(target, aside);
                try
                {
                    FaultInjection.BeforeRename();
                    Directory.Move(staging, target);
                }
                catch
                {
                    Directory.Move(aside, target);
                    throw;
                }

                BookMarker.Delete(aside, earlier ?? []);
            }
            else
            {
                FaultInjection.BeforeRename();
                Directory.Move(staging, target);
            }
        }
        finally
        {
            // The staging folder is this call's own; it is left only when it was moved into place.
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            // A failed export (a full disk, say) leaves no folder it created behind; after a good one they hold the book.
            folders.RemoveIfEmpty();
        }

        return [Path.Combine(target, "index.html"), .. pages.Select(p => Path.Combine(target, p.FileName))];
    }

    /// <summary>Writes one file of the book into the staging folder (the fault seam can make the disk look full).</summary>
    private static void WriteFile(string path, string text)
    {
        FaultInjection.BeforeWrite(path);
        File.WriteAllText(path, text);
    }

    /// <summary>
    /// The notebooks as pages, each with its own file name: a notebook called index (which would replace the contents
    /// page) or one named like an earlier notebook (from another folder) gets a number after its name.
    /// </summary>
    private static List<Page> Pages(IReadOnlyList<string> notebooks)
    {
        var taken = new HashSet<string>(["index.html"], StringComparer.OrdinalIgnoreCase);
        var pages = new List<Page>();
        foreach (var path in notebooks)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var file = $"{name}.html";
            for (var n = 2; !taken.Add(file); n++)
            {
                file = string.Create(CultureInfo.InvariantCulture, $"{name}-{n}.html");
            }

            pages.Add(new Page(path, NotebookDocument.Load(path), file));
        }

        return pages;
    }

    /// <summary>Removes what an export that was killed left beside the book: complete books, checked as earlier ones are.</summary>
    private static void RemoveStaleCopies(string target)
    {
        var parent = new DirectoryInfo(Path.GetDirectoryName(target)!);
        if (!parent.Exists)
        {
            return;
        }

        var pattern = new Regex($@"^{Regex.Escape(Path.GetFileName(target))}\.(tmp|old)-[0-9a-f]{{32}}$", RegexOptions.CultureInvariant);
        foreach (var stale in parent.EnumerateDirectories().Where(d => pattern.IsMatch(d.Name) && d.LinkTarget is null))
        {
            try
            {
                BookMarker.Delete(stale.FullName, BookMarker.Verify(stale.FullName));
            }
            catch (ArgumentException)
            {
                // Not provably a book (e.g. cut off while it was being written): not ours to delete.
            }
        }
    }

    private static string Index(List<Page> pages)
    {
        var items = string.Concat(pages.Select(p =>
            $"<li><a href=\"{Href(p.FileName)}\">{Encode(p.Title)}</a>{(p.Description.Length > 0 ? $"<p>{Encode(p.Description)}</p>" : "")}</li>\n"));
        return Document("NinNotebooks", "<nav class=\"top\"><span>NinNotebooks</span></nav>",
            $"<main><h1>NinNotebooks: the notebook series</h1>\n<p>The executed notebooks, in order. Each page shows the text, the code and what the code printed and drew.</p>\n<ul class=\"series\">\n{items}</ul></main>",
            charts: false);
    }

    private static string PageHtml(Page page, Page? previous, Page? next)
    {
        var body = new StringBuilder("<main>\n");
        foreach (var cell in page.Notebook.Elements)
        {
            if (cell.IsMarkdown())
            {
                body.Append(LessonPage.Markdown(cell.Contents));
                continue;
            }

            body.Append(LessonPage.Code(CodeHighlighter.ToHtml(cell.Contents))).Append(LessonPage.Outputs(cell.Outputs.Select(OutputHtml)));
        }

        body.Append("</main>\n");
        var pager = $"<nav class=\"pager\"><span>{Link(previous, "← ")}</span><a href=\"index.html\">Contents</a><span>{Link(next, "", " →")}</span></nav>";
        var top = $"<nav class=\"top\"><a href=\"index.html\">NinNotebooks</a><span>{Link(previous, "← ")}  {Link(next, "", " →")}</span></nav>";
        var html = body.ToString();
        return Document(page.Title, top, html + pager, charts: html.Contains("Plotly.newPlot", StringComparison.Ordinal));
    }

    /// <summary>
    /// One output as HTML. The trust rule: a text/html output is what the notebook's code displayed when it was
    /// executed (tables, and charts, which are scripts), so it is shown as it is, as Jupyter does for a notebook it
    /// trusts; export only notebooks you executed yourself. Every other value is escaped or checked: images go into a
    /// data URL (SVG too, inside an img element, where its scripts never run), markdown is rendered without HTML.
    /// </summary>
    private static string OutputHtml(InteractiveDocumentOutputElement output) => (output, output.Data()) switch
    {
        (_, { } data) when data.TryGetValue("text/html", out var html) => LessonPage.Html(WithoutPlotlyLibrary(Text(html))),
        (_, { } data) when data.TryGetValue("image/png", out var png) => Image("image/png", Text(png)),
        (_, { } data) when data.TryGetValue("image/svg+xml", out var svg) => Image("image/svg+xml", Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(svg)))),
        (_, { } data) when data.TryGetValue("text/markdown", out var markdown) => LessonMarkdown.ToHtml(Text(markdown)),
        (_, { } data) when data.TryGetValue("text/plain", out var text) => LessonPage.Text(Text(text)),
        (TextElement stream, _) => LessonPage.Text(stream.Text),
        (ErrorElement error, _) => LessonPage.Error($"{error.ErrorName}: {error.ErrorValue}\n{string.Join("\n", error.StackTrace)}"),
        _ => "",
    };

    private static string Text(object? value) => NotebookDocument.Text(value);

    private static string Image(string mime, string base64)
    {
        var compact = string.Concat(base64.Where(c => !char.IsWhiteSpace(c)));
        return compact.Length > 0 && Convert.TryFromBase64String(compact, new byte[compact.Length], out _)
            ? $"<img alt=\"output\" src=\"{Encode($"data:{mime};base64,{compact}")}\">"
            : $"<pre class=\"text\">{Encode($"(an {mime} output that is not base64 was left out)")}</pre>";
    }

    /// <summary>
    /// The plotly.js that the runner put, inline, before the first chart of an executed notebook; the site loads it
    /// once from assets/ instead. Null when no page draws a chart.
    /// </summary>
    /// <exception cref="InvalidDataException">A page draws charts but no notebook carries plotly.js (not run by nin notebooks run).</exception>
    private static string? PlotlyLibrary(List<Page> pages)
    {
        var html = pages.SelectMany(p => p.Notebook.Elements).SelectMany(c => c.Outputs)
            .Select(o => o.Data()?.TryGetValue("text/html", out var value) == true ? Text(value) : "").ToList();
        if (!html.Any(OfflineCharts.DrawsChart))
        {
            return null;
        }

        return html.SelectMany(h => InlineScript().Matches(h)).Select(m => m.Groups["body"].Value).FirstOrDefault(PlotlyScript.IsLibrary)?.Replace("<\\/script", "</script", StringComparison.Ordinal)
            ?? throw new InvalidDataException("The notebooks draw charts but none carries plotly.js; export notebooks executed by nin notebooks run.");
    }

    /// <summary>The runner puts plotly.js itself before a notebook's first chart; the site loads it once from assets/.</summary>
    private static string WithoutPlotlyLibrary(string html) =>
        InlineScript().Replace(html, m => PlotlyScript.IsLibrary(m.Groups["body"].Value) ? "" : m.Value);

    private static string Document(string title, string top, string content, bool charts) =>
        LessonPage.Document(title,
            $"<link rel=\"stylesheet\" href=\"{AssetsFolder}/book.css\">\n{(charts ? $"<script src=\"{AssetsFolder}/plotly.min.js\"></script>" : "")}",
            $"{top}\n{content}");

    private static string Link(Page? page, string before, string after = "") =>
        page is null ? "" : $"<a href=\"{Href(page.FileName)}\">{Encode(before + page.Title + after)}</a>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A page's file name as an href: percent-encoded as a URL path segment, then HTML-encoded.</summary>
    private static string Href(string fileName) => Encode(Uri.EscapeDataString(fileName));

    [GeneratedRegex("""<script type="text/javascript">(?<body>[\s\S]*?)</script>""")]
    private static partial Regex InlineScript();

    /// <summary>One notebook's page: its file name, title (the first heading) and description (the first paragraph after it).</summary>
    private sealed class Page
    {
        public Page(string path, InteractiveDocument notebook, string fileName)
        {
            Notebook = notebook;
            FileName = fileName;
            var intro = notebook.Elements.FirstOrDefault(c => c.IsMarkdown())?.Contents.Split('\n') ?? [];
            var heading = Array.FindIndex(intro, l => l.StartsWith("# ", StringComparison.Ordinal));
            Title = notebook.Title() ?? Path.GetFileNameWithoutExtension(path);
            var paragraph = intro.Skip(heading + 1).SkipWhile(l => l.Trim().Length == 0).TakeWhile(l => l.Trim().Length > 0);
            Description = LessonMarkdown.ToPlainText(string.Join("\n", paragraph)).Trim().ReplaceLineEndings(" ");
        }

        public InteractiveDocument Notebook { get; }

        public string FileName { get; }

        public string Title { get; }

        public string Description { get; }
    }
}
