using System.Globalization;
using Markdig;
using Markdig.Renderers;

namespace NinNotebooks.Lessons;

/// <summary>
/// A notebook's markdown as HTML that cannot run anything, for the HTML book and for the page a lesson app writes:
/// raw HTML in it is shown as text (Markdig's DisableHtml, so no allow-list of tags and attributes is needed), and link
/// and image addresses keep only safe schemes.
/// </summary>
public static class LessonMarkdown
{
    /// <summary>
    /// The advanced extensions less those that let text add attributes (generic attributes: {onclick=...}) or embed
    /// other sites (media links, diagrams); raw HTML is shown as text.
    /// </summary>
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .UseAlertBlocks().UseAbbreviations().UseAutoIdentifiers().UseCitations().UseCustomContainers().UseDefinitionLists()
        .UseEmphasisExtras().UseFigures().UseFooters().UseFootnotes().UseGridTables().UseMathematics().UsePipeTables()
        .UseListExtras().UseTaskLists().UseAutoLinks()
        .DisableHtml()
        .Build();

    /// <summary><paramref name="markdown"/> as HTML (see the class).</summary>
    public static string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer) { LinkRewriter = SafeUrl };
        Pipeline.Setup(renderer);
        renderer.Render(Markdown.Parse(markdown, Pipeline));
        writer.Flush();
        return writer.ToString();
    }

    /// <summary><paramref name="markdown"/> as plain text (for a page's description).</summary>
    public static string ToPlainText(string markdown) => Markdown.ToPlainText(markdown ?? "", Pipeline);

    /// <summary>
    /// A link or image address as written, when it is relative or uses http, https, mailto or a raster-image data URL;
    /// anything else (javascript:, vbscript:, data:text/html, ...) becomes "#". Browsers ignore whitespace and control
    /// characters inside a scheme, so the scheme is read without them.
    /// </summary>
    public static string SafeUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var compact = string.Concat(url.Where(c => c > ' ')).ToLowerInvariant();
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var path = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (path >= 0 && path < colon))
        {
            return url;
        }

        return compact[..colon] is "http" or "https" or "mailto" || IsRasterDataUrl(compact) ? url : "#";
    }

    private static readonly string[] RasterImages = ["png", "jpeg", "gif", "webp"];

    private static bool IsRasterDataUrl(string compact) =>
        RasterImages.Any(kind => compact.StartsWith($"data:image/{kind};base64,", StringComparison.Ordinal));
}
