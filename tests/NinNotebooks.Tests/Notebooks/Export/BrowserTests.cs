using NinNotebooks.Lessons;
using NinNotebooks.Notebooks.Export;
using Xunit;

namespace NinNotebooks.Tests.Notebooks.Export;

/// <summary>
/// The exported book in a real browser (headless Chromium, no network): every page loads without script errors and
/// every Plotly chart is drawn (its SVG is in the DOM). The site checked is $NIN_BOOK_DIR when set (.ci/run exports
/// the executed series there, and points it at the pages the series' lesson apps wrote too), else a small book made
/// here; a screenshot of a page with charts goes to $NIN_BOOK_SCREENSHOT when set.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Integration)]
public class BrowserTests
{
    [Fact]
    public void EveryPage_LoadsWithoutScriptErrors_AndEveryChartIsDrawn()
    {
        using var dir = new TemporaryDirectory();
        var site = Environment.GetEnvironmentVariable("NIN_BOOK_DIR") is { Length: > 0 } given ? Path.GetFullPath(given) : null;
        if (site is null)
        {
            site = dir.File("book");
            HtmlBook.Write(BookFixtures.Write(dir, count: 2), site);
        }

        Assert.True(Directory.Exists(site), $"NIN_BOOK_DIR: {site} does not exist");

        var pages = Directory.GetFiles(site, "*.html").Order(StringComparer.Ordinal).ToList();
        if (Directory.Exists(Path.Combine(site, HtmlBook.AssetsFolder)))
        {
            // A book has a contents page; a folder of lesson pages (written by lesson apps) has none.
            Assert.Contains(pages, p => Path.GetFileName(p) == "index.html");
        }

        Assert.NotEmpty(pages);
        var charts = 0;
        foreach (var page in pages)
        {
            var loaded = HeadlessChromium.Load(page, dir.File("profile"));
            Assert.True(loaded.ScriptErrors.Count == 0, $"{page}: {string.Join("\n", loaded.ScriptErrors)}");
            var expected = ChartCount(File.ReadAllText(page));
            var dom = WithoutPlotlyLibrary(loaded.Dom);
            Assert.True(Count(dom, "js-plotly-plot") == expected, $"{page}: {expected} charts, {Count(dom, "js-plotly-plot")} drawn");
            Assert.True(Count(dom, "class=\"main-svg\"") >= expected, $"{page}: a chart without its SVG");
            charts += expected;
        }

        Assert.True(charts > 0, "the book has charts to check");
        var screenshot = Environment.GetEnvironmentVariable("NIN_BOOK_SCREENSHOT") is { Length: > 0 } path ? Path.GetFullPath(path) : dir.File("page.png");
        HeadlessChromium.Screenshot(pages.First(p => File.ReadAllText(p).Contains("Plotly.newPlot(", StringComparison.Ordinal)), screenshot, dir.File("profile"));
        Assert.Equal(PngSignature, File.ReadAllBytes(screenshot)[..4]);
    }

    [Fact]
    public void TheCheck_SeesScriptErrorsAndChartsThatWereNotDrawn()
    {
        using var dir = new TemporaryDirectory();
        HtmlBook.Write(BookFixtures.Write(dir, count: 1), dir.File("book"));
        File.Delete(dir.File("book", "assets", "plotly.min.js"));
        var page = dir.File("book", "01-notebook-1.html");

        var loaded = HeadlessChromium.Load(page, dir.File("profile"));

        Assert.Contains(loaded.ScriptErrors, e => e.Contains("Plotly is not defined", StringComparison.Ordinal));
        Assert.Equal(0, Count(loaded.Dom, "js-plotly-plot"));
    }

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    private static int Count(string text, string what) => text.Split(what).Length - 1;

    /// <summary>The charts a page (or an output) draws: its Plotly.newPlot calls, plotly.js itself (inline in a lesson app's page) left out.</summary>
    internal static int ChartCount(string html) => Count(WithoutPlotlyLibrary(html), "Plotly.newPlot(");

    /// <summary>The HTML without plotly.js's own script element (whose text names its own functions and classes).</summary>
    internal static string WithoutPlotlyLibrary(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "<script[^>]*>([\\s\\S]*?)</script>", m => PlotlyScript.IsLibrary(m.Groups[1].Value) ? "" : m.Value);
}
