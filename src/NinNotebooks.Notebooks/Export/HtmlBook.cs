using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Microsoft.DotNet.Interactive.Documents;

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

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>
    /// Writes the site for <paramref name="notebooks"/> (in the order given) into <paramref name="outputDirectory"/>.
    /// The site is built in a temporary folder next to it and moved into place at the end, so a failure leaves the
    /// previous site (or nothing) behind, never half a site.
    /// </summary>
    /// <returns>The pages written: index.html first, then one per notebook.</returns>
    /// <exception cref="ArgumentException">No notebooks, or the output folder holds something that is not a site.</exception>
    /// <exception cref="InvalidDataException">A notebook cannot be read (the message names it).</exception>
    public static IReadOnlyList<string> Write(IReadOnlyList<string> notebooks, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(notebooks);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (notebooks.Count == 0)
        {
            throw new ArgumentException("Give at least one executed notebook (.ipynb) or a folder holding them.", nameof(notebooks));
        }

        var target = Path.GetFullPath(outputDirectory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, "index.html")))
        {
            throw new ArgumentException($"{target} is not empty and holds no exported book (no index.html); choose an empty or new folder.", nameof(outputDirectory));
        }

        var pages = notebooks.Select(path => new Page(path, NotebookDocument.Load(path))).ToList();
        var plotly = PlotlyLibrary(pages);
        var staging = $"{target}.tmp-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(Path.Combine(staging, AssetsFolder));
            if (plotly is not null)
            {
                File.WriteAllText(Path.Combine(staging, AssetsFolder, "plotly.min.js"), plotly);
            }

            File.WriteAllText(Path.Combine(staging, AssetsFolder, "book.css"), Stylesheet());
            File.WriteAllText(Path.Combine(staging, "index.html"), Index(pages));
            for (var i = 0; i < pages.Count; i++)
            {
                File.WriteAllText(Path.Combine(staging, pages[i].FileName),
                    PageHtml(pages[i], i > 0 ? pages[i - 1] : null, i + 1 < pages.Count ? pages[i + 1] : null));
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return [Path.Combine(target, "index.html"), .. pages.Select(p => Path.Combine(target, p.FileName))];
    }

    private static string Index(List<Page> pages)
    {
        var items = string.Concat(pages.Select(p =>
            $"<li><a href=\"{p.FileName}\">{Encode(p.Title)}</a>{(p.Description.Length > 0 ? $"<p>{Encode(p.Description)}</p>" : "")}</li>\n"));
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
                body.Append("<section class=\"markdown\">").Append(Markdig.Markdown.ToHtml(cell.Contents, Markdown)).Append("</section>\n");
                continue;
            }

            body.Append("<pre class=\"code\"><code>").Append(CodeHighlighter.ToHtml(cell.Contents)).Append("</code></pre>\n");
            if (cell.Outputs.Count > 0)
            {
                body.Append("<div class=\"output\">");
                foreach (var output in cell.Outputs)
                {
                    body.Append(OutputHtml(output));
                }

                body.Append("</div>\n");
            }
        }

        body.Append("</main>\n");
        var pager = $"<nav class=\"pager\"><span>{Link(previous, "← ")}</span><a href=\"index.html\">Contents</a><span>{Link(next, "", " →")}</span></nav>";
        var top = $"<nav class=\"top\"><a href=\"index.html\">NinNotebooks</a><span>{Link(previous, "← ")}  {Link(next, "", " →")}</span></nav>";
        var html = body.ToString();
        return Document(page.Title, top, html + pager, charts: html.Contains("Plotly.newPlot", StringComparison.Ordinal));
    }

    private static string OutputHtml(InteractiveDocumentOutputElement output) => (output, output.Data()) switch
    {
        (_, { } data) when data.TryGetValue("text/html", out var html) => $"<div class=\"html\">{WithoutPlotlyLibrary(Text(html))}</div>",
        (_, { } data) when data.TryGetValue("image/png", out var png) => $"<img alt=\"output\" src=\"data:image/png;base64,{Text(png).Trim()}\">",
        (_, { } data) when data.TryGetValue("image/svg+xml", out var svg) => Text(svg),
        (_, { } data) when data.TryGetValue("text/markdown", out var markdown) => Markdig.Markdown.ToHtml(Text(markdown), Markdown),
        (_, { } data) when data.TryGetValue("text/plain", out var text) => $"<pre class=\"text\">{Encode(Text(text))}</pre>",
        (TextElement stream, _) => $"<pre class=\"text\">{Encode(stream.Text)}</pre>",
        (ErrorElement error, _) => $"<pre class=\"error\">{Encode($"{error.ErrorName}: {error.ErrorValue}\n{string.Join("\n", error.StackTrace)}")}</pre>",
        _ => "",
    };

    private static string Text(object? value) => NotebookDocument.Text(value);

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

        return html.SelectMany(h => InlineScript().Matches(h)).Select(m => m.Groups["body"].Value).FirstOrDefault(IsPlotlyLibrary)?.Replace("<\\/script", "</script", StringComparison.Ordinal)
            ?? throw new InvalidDataException("The notebooks draw charts but none carries plotly.js; export notebooks executed by nin notebooks run.");
    }

    private static bool IsPlotlyLibrary(string script) => script.Length > 100_000 && script.Contains("plotly", StringComparison.Ordinal);

    /// <summary>The runner puts plotly.js itself before a notebook's first chart; the site loads it once from assets/.</summary>
    private static string WithoutPlotlyLibrary(string html) =>
        InlineScript().Replace(html, m => IsPlotlyLibrary(m.Groups["body"].Value) ? "" : m.Value);

    private static string Document(string title, string top, string content, bool charts) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(title)}</title>
        <link rel="stylesheet" href="{AssetsFolder}/book.css">
        {(charts ? $"<script src=\"{AssetsFolder}/plotly.min.js\"></script>" : "")}
        </head>
        <body>
        {top}
        {content}
        </body>
        </html>

        """;

    private static string Link(Page? page, string before, string after = "") =>
        page is null ? "" : $"<a href=\"{page.FileName}\">{Encode(before + page.Title + after)}</a>";

    private static string Stylesheet()
    {
        using var stream = typeof(HtmlBook).Assembly.GetManifestResourceStream("NinNotebooks.Notebooks.book.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex("""<script type="text/javascript">(?<body>[\s\S]*?)</script>""")]
    private static partial Regex InlineScript();

    /// <summary>One notebook's page: its file name, title (the first heading) and description (the first paragraph after it).</summary>
    private sealed class Page
    {
        public Page(string path, InteractiveDocument notebook)
        {
            Notebook = notebook;
            FileName = Path.GetFileNameWithoutExtension(path) + ".html";
            var intro = notebook.Elements.FirstOrDefault(c => c.IsMarkdown())?.Contents.Split('\n') ?? [];
            var heading = Array.FindIndex(intro, l => l.StartsWith("# ", StringComparison.Ordinal));
            Title = notebook.Title() ?? Path.GetFileNameWithoutExtension(path);
            var paragraph = intro.Skip(heading + 1).SkipWhile(l => l.Trim().Length == 0).TakeWhile(l => l.Trim().Length > 0);
            Description = Markdig.Markdown.ToPlainText(string.Join("\n", paragraph), Markdown).Trim().ReplaceLineEndings(" ");
        }

        public InteractiveDocument Notebook { get; }

        public string FileName { get; }

        public string Title { get; }

        public string Description { get; }
    }
}
