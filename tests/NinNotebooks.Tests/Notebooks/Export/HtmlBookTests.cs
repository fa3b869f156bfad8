using NinNotebooks.Notebooks.Export;
using Xunit;

namespace NinNotebooks.Tests.Notebooks.Export;

public class HtmlBookTests
{
    [Fact]
    public void Write_MakesAnIndexAndOnePagePerNotebookInOrder()
    {
        using var dir = new TemporaryDirectory();
        var notebooks = BookFixtures.Write(dir, count: 3);
        var pages = HtmlBook.Write(notebooks, dir.File("book"));

        Assert.Equal(["index.html", "01-notebook-1.html", "02-notebook-2.html", "03-notebook-3.html"], pages.Select(Path.GetFileName));
        var index = File.ReadAllText(dir.File("book", "index.html"));
        Assert.True(index.IndexOf("01-notebook-1.html", StringComparison.Ordinal) < index.IndexOf("02-notebook-2.html", StringComparison.Ordinal));
        Assert.Contains(">1. Notebook number 1</a>", index, StringComparison.Ordinal);
        Assert.Contains("<p>What notebook 1 is about, in one paragraph.</p>", index, StringComparison.Ordinal);

        var middle = File.ReadAllText(dir.File("book", "02-notebook-2.html"));
        Assert.Contains("<a href=\"01-notebook-1.html\">← 1. Notebook number 1</a>", middle, StringComparison.Ordinal);
        Assert.Contains("<a href=\"03-notebook-3.html\">3. Notebook number 3 →</a>", middle, StringComparison.Ordinal);
        Assert.DoesNotContain("← ", File.ReadAllText(dir.File("book", "01-notebook-1.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Pages_RenderMarkdownCodeAndOutputs_LoadPlotlyOnceFromAssets()
    {
        using var dir = new TemporaryDirectory();
        HtmlBook.Write(BookFixtures.Write(dir, count: 2), dir.File("book"));
        var plotly = File.ReadAllText(dir.File("book", "assets", "plotly.min.js"));
        Assert.Contains("plotly.js", plotly[..300], StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("book", "assets", "book.css")));

        foreach (var name in new[] { "01-notebook-1.html", "02-notebook-2.html" })
        {
            var page = File.ReadAllText(dir.File("book", name));
            Assert.Contains("<script src=\"assets/plotly.min.js\"></script>", page, StringComparison.Ordinal);
            Assert.Contains("<link rel=\"stylesheet\" href=\"assets/book.css\">", page, StringComparison.Ordinal);
            Assert.True(page.Length < plotly.Length / 10, "plotly.js is not inlined");
            Assert.Equal(2, page.Split("Plotly.newPlot(").Length - 1);
            Assert.Contains("<em>one</em>", page, StringComparison.Ordinal);                         // markdown
            Assert.Contains("<table>", page, StringComparison.Ordinal);                              // pipe table
            Assert.Contains("<span class=\"kw\">var</span>", page, StringComparison.Ordinal);        // highlighted code
            Assert.Contains("<span class=\"com\">// a comment</span>", page, StringComparison.Ordinal);
            Assert.Contains("<pre class=\"text\">text 42 &lt;b&gt;</pre>", page, StringComparison.Ordinal);
            Assert.Contains("<pre class=\"text\">printed\n</pre>", page, StringComparison.Ordinal);
            Assert.Contains("<pre class=\"error\">", page, StringComparison.Ordinal);
            Assert.DoesNotContain("http://", page.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("plotly.min.js", File.ReadAllText(dir.File("book", "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ReplacesAnEarlierBook_RefusesAFolderThatIsNotOne()
    {
        using var dir = new TemporaryDirectory();
        var notebooks = BookFixtures.Write(dir, count: 2);
        HtmlBook.Write(notebooks, dir.File("book"));
        HtmlBook.Write([notebooks[0]], dir.File("book"));
        Assert.False(File.Exists(dir.File("book", "02-notebook-2.html")));

        Directory.CreateDirectory(dir.File("mine"));
        File.WriteAllText(dir.File("mine", "notes.txt"), "keep");
        var error = Assert.Throws<ArgumentException>(() => HtmlBook.Write(notebooks, dir.File("mine")));
        Assert.Contains("holds no exported book", error.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(dir.File("mine")).Select(Path.GetFileName));
    }

    [Fact]
    public void ABrokenNotebook_LeavesTheEarlierBookAsItWas()
    {
        using var dir = new TemporaryDirectory();
        var notebooks = BookFixtures.Write(dir, count: 1);
        HtmlBook.Write(notebooks, dir.File("book"));
        var before = File.ReadAllText(dir.File("book", "01-notebook-1.html"));
        File.WriteAllText(dir.File("broken.ipynb"), "{ not json");

        Assert.Throws<InvalidDataException>(() => HtmlBook.Write([.. notebooks, dir.File("broken.ipynb")], dir.File("book")));

        Assert.Equal(before, File.ReadAllText(dir.File("book", "01-notebook-1.html")));
        Assert.Equal(["01-notebook-1.ipynb", "book", "broken.ipynb"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Throws<ArgumentException>(() => HtmlBook.Write([], dir.File("book")));
    }
}
