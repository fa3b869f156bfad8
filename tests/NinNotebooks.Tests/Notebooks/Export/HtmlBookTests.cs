using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Notebooks;
using NinNotebooks.Notebooks.Export;
using Xunit;
using NinNotebooks.Platform;

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
            Assert.Equal(2, BrowserTests.ChartCount(page));                                          // an image chart's long script is no library
            Assert.Contains(Regex.Matches(page, "<script[^>]*>([\\s\\S]*?)</script>"), m => m.Groups[1].Length > 100_000);
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
        Assert.Contains("is not a book this exporter wrote", error.Message, StringComparison.Ordinal);
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

    [Fact]
    public void AFolderWithAnIndexHtml_IsNotTakenForABook_AndNothingInItIsDeleted()
    {
        // The issue's case: an index.html alone does not make a folder an earlier book.
        using var dir = new TemporaryDirectory();
        var notebooks = BookFixtures.Write(dir, count: 1);
        Directory.CreateDirectory(dir.File("S", "p"));
        File.WriteAllText(dir.File("S", "thesis.txt"), "x");
        File.WriteAllText(dir.File("S", "p", "a.jpg"), "x");
        File.WriteAllText(dir.File("S", "index.html"), "<html>");
        var before = Snapshot(dir.File("S"));

        var error = Assert.Throws<ArgumentException>(() => HtmlBook.Write(notebooks, dir.File("S")));

        Assert.Equal($"{dir.File("S")} is not empty and is not a book this exporter wrote (it has no {BookMarker.FileName}); choose an empty or new folder.", error.Message);
        Assert.Equal(before, Snapshot(dir.File("S")));
        Assert.Equal(["01-notebook-1.ipynb", "S"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, string> Tampered => new()
    {
        { "a file added", "user.txt is not part of the book" },
        { "a page edited", "index.html was changed since the book was written" },
        { "a file swapped for a link", "assets/book.css is a symbolic link; the book wrote none" },
        { "a folder swapped for a link", "assets is a symbolic link; the book wrote none" },
        { "a marker listing someone else's file", "thesis.txt was changed since the book was written" },
        { "a marker that is not JSON", "its .nin-book.json is not one this exporter wrote" },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void AnEarlierBookWithAnythingInItTheExporterDidNotWrite_IsNotReplaced(string change, string reason)
    {
        using var dir = new TemporaryDirectory();
        var notebooks = BookFixtures.Write(dir, count: 2);
        var book = dir.File("book");
        HtmlBook.Write(notebooks, book);
        Directory.CreateDirectory(dir.File("mine"));
        File.WriteAllText(dir.File("mine", "keep.css"), "mine");
        switch (change)
        {
            case "a file added":
                File.WriteAllText(Path.Combine(book, "user.txt"), "mine");
                break;
            case "a page edited":
                File.AppendAllText(Path.Combine(book, "index.html"), "<!-- my notes -->");
                break;
            case "a file swapped for a link":
                File.Delete(Path.Combine(book, "assets", "book.css"));
                File.CreateSymbolicLink(Path.Combine(book, "assets", "book.css"), dir.File("mine", "keep.css"));
                break;
            case "a folder swapped for a link":
                Directory.Delete(Path.Combine(book, "assets"), recursive: true);
                Directory.CreateSymbolicLink(Path.Combine(book, "assets"), dir.File("mine"));
                break;
            case "a marker listing someone else's file":
                File.WriteAllText(Path.Combine(book, "thesis.txt"), "mine");
                var marker = JsonNode.Parse(File.ReadAllText(Path.Combine(book, BookMarker.FileName)))!;
                marker["files"]!["thesis.txt"] = new string('0', 64);
                File.WriteAllText(Path.Combine(book, BookMarker.FileName), marker.ToJsonString());
                break;
            default:
                File.WriteAllText(Path.Combine(book, BookMarker.FileName), "{ not json");
                break;
        }

        var before = Snapshot(dir.Path);

        var error = Assert.Throws<ArgumentException>(() => HtmlBook.Write([notebooks[0]], book));

        Assert.StartsWith($"{book} is not a book this exporter wrote, or it was changed since: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(dir.Path));
    }

    [Theory]
    [InlineData("assets/book.css", "assets/book.css is not a regular file (a FIFO, socket or device)")]
    [InlineData(BookMarker.FileName, $"its {BookMarker.FileName} is not a regular file (a FIFO, socket or device)")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AnEarlierBookWithAFifoInPlaceOfAFileOrItsMarker_IsNotReplaced_AndTheFifoIsNotOpened(string file, string reason)
    {
        using var dir = new TemporaryDirectory();
        var notebooks = BookFixtures.Write(dir, count: 2);
        var book = dir.File("book");
        HtmlBook.Write(notebooks, book);
        var fifo = Path.Combine(book, file);
        File.Delete(fifo);
        Fifo.Create(fifo);

        // Reading the file to see whether it is the book's would open the FIFO and wait for a writer.
        var thrown = await Fifo.ThrownWithoutOpening(fifo, () => HtmlBook.Write([notebooks[0]], book));

        Assert.Contains(reason, Assert.IsType<ArgumentException>(thrown).Message, StringComparison.Ordinal);
        Assert.True(FileKind.IsSpecial(fifo));
    }

    [Fact]
    public void AnOutThatIsALinkOrAFile_IsRefused()
    {
        using var dir = new TemporaryDirectory();
        var notebooks = BookFixtures.Write(dir, count: 1);
        HtmlBook.Write(notebooks, dir.File("book"));
        Directory.CreateSymbolicLink(dir.File("link"), dir.File("book"));
        File.WriteAllText(dir.File("file"), "x");
        var before = Snapshot(dir.Path);

        var link = Assert.Throws<ArgumentException>(() => HtmlBook.Write(notebooks, dir.File("link")));
        var file = Assert.Throws<ArgumentException>(() => HtmlBook.Write(notebooks, dir.File("file")));

        Assert.Equal($"{dir.File("link")} is a symbolic link; give the folder itself.", link.Message);
        Assert.Equal($"{dir.File("file")} is a file; give a folder for the book.", file.Message);
        Assert.Equal(before, Snapshot(dir.Path));
    }

    [Fact]
    public void TheMarker_ListsEveryFileOfTheBook()
    {
        using var dir = new TemporaryDirectory();
        HtmlBook.Write(BookFixtures.Write(dir, count: 2), dir.File("book"));

        var marker = JsonNode.Parse(File.ReadAllText(dir.File("book", BookMarker.FileName)))!;

        var files = Directory.EnumerateFiles(dir.File("book"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir.File("book"), f).Replace('\\', '/'))
            .Where(f => f != BookMarker.FileName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(files, marker["files"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("nin notebooks export --to html", marker["generator"]!.GetValue<string>());
    }

    [Fact]
    public void MarkdownHtmlAndUnsafeLinks_DoNotRun_ButStayReadableAsText()
    {
        using var dir = new TemporaryDirectory();
        var path = WriteNotebook(dir, "hostile.ipynb", Hostile.Markdown);

        HtmlBook.Write([path], dir.File("book"));
        var page = File.ReadAllText(dir.File("book", "hostile.html"));
        var main = page[page.IndexOf("<main>", StringComparison.Ordinal)..];

        Assert.DoesNotContain("<script", main, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", main, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", main, StringComparison.OrdinalIgnoreCase);
        foreach (Match tag in Regex.Matches(main, "<[a-zA-Z][^>]*>"))
        {
            Assert.DoesNotMatch(@"\son[a-z]+\s*=", Regex.Replace(tag.Value, "\"[^\"]*\"", "\"\""));
        }
        foreach (Match url in Regex.Matches(main, "(?:href|src)=\"([^\"]*)\""))
        {
            var value = System.Net.WebUtility.HtmlDecode(url.Groups[1].Value);
            Assert.True(value.StartsWith("https://", StringComparison.Ordinal) || value.StartsWith('#') || value.StartsWith("data:image/png;base64,", StringComparison.Ordinal) || !value.Contains(':', StringComparison.Ordinal), value);
        }

        Assert.Contains("&lt;script&gt;", main, StringComparison.Ordinal);              // shown as text
        Assert.Contains("<a href=\"https://example.org/\">a safe link</a>", main, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", main, StringComparison.Ordinal);      // markdown itself still renders
    }

    [Fact]
    public void OutputValues_AreEscapedOrChecked_AndHtmlOutputsAreTrusted()
    {
        using var dir = new TemporaryDirectory();
        static DisplayElement Output(string mime, string value) => new(new Dictionary<string, object> { [mime] = value });
        var cell = new InteractiveDocumentElement("x", "csharp",
        [
            Output("image/png", "\" onerror=\"alert(1)"),
            Output("image/png", Convert.ToBase64String([137, 80, 78, 71])),
            Output("image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
            Output("text/markdown", "<script>alert(2)</script> [x](javascript:alert(3))"),
            Output("text/html", "<div id=\"chart\"></div><script>var made = 'by the notebook';</script>"),
        ]);
        var path = dir.File("outputs.ipynb");
        File.WriteAllText(path, NotebookDocument.ToIpynb(new InteractiveDocument { cell }));

        HtmlBook.Write([path], dir.File("book"));
        var page = File.ReadAllText(dir.File("book", "outputs.html"));

        Assert.DoesNotContain("onerror", page, StringComparison.Ordinal);
        Assert.Contains("an image/png output that is not base64 was left out", page, StringComparison.Ordinal);
        Assert.Contains($"<img alt=\"output\" src=\"data:image/png;base64,{Convert.ToBase64String([137, 80, 78, 71])}\">", page, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/svg+xml;base64,", page, StringComparison.Ordinal);          // an <img>: scripts in it never run
        Assert.DoesNotContain("alert(1)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(2)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", page, StringComparison.Ordinal);

        // The trust rule: HTML outputs are what the notebook's code produced when it was executed (charts are scripts).
        Assert.Contains("<script>var made = 'by the notebook';</script>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void FileNames_AreEscapedInLinks_AndIndexIpynbDoesNotReplaceTheContentsPage()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("a"));
        Directory.CreateDirectory(dir.File("b"));
        var odd = WriteNotebook(dir, "1 \"><script>alert(1)<\\script>&%.ipynb", "# Odd name");
        var index = WriteNotebook(dir, "index.ipynb", "# Called index");
        var first = WriteNotebook(dir, Path.Combine("a", "same.ipynb"), "# Same name, folder a");
        var second = WriteNotebook(dir, Path.Combine("b", "same.ipynb"), "# Same name, folder b");

        var pages = HtmlBook.Write([odd, index, first, second], dir.File("book"));

        Assert.Equal(["index.html", "1 \"><script>alert(1)<\\script>&%.html", "index-2.html", "same.html", "same-2.html"], pages.Select(Path.GetFileName));
        var contents = File.ReadAllText(dir.File("book", "index.html"));
        Assert.Contains("NinNotebooks: the notebook series", contents, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", contents, StringComparison.Ordinal);
        var hrefs = Regex.Matches(contents, "<a href=\"([^\"]*)\"").Select(m => Uri.UnescapeDataString(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))).ToList();
        Assert.Equal(pages.Skip(1).Select(Path.GetFileName), hrefs);
        Assert.All(hrefs, h => Assert.True(File.Exists(Path.Combine(dir.File("book"), h)), h));
        Assert.Contains("Same name, folder b", File.ReadAllText(dir.File("book", "same-2.html")), StringComparison.Ordinal);
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Integration)]
    public void HostileMarkdown_RunsNoScriptInABrowser()
    {
        using var dir = new TemporaryDirectory();
        HtmlBook.Write([WriteNotebook(dir, "hostile.ipynb", Hostile.Markdown)], dir.File("book"));

        var loaded = HeadlessChromium.Load(dir.File("book", "hostile.html"), dir.File("profile"));

        Assert.Contains("a safe link", loaded.Dom, StringComparison.Ordinal);
        Assert.DoesNotContain("data-pwned", loaded.Dom, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [Trait(TestCategory.Name, TestCategory.Integration)]
    public void AnExportKilledAtEitherRename_LeavesABookOrItsPredecessor_AndTheNextExportTidiesUp(int killAt)
    {
        using var dir = new TemporaryDirectory();
        var notebooks = BookFixtures.Write(dir, count: 2);
        var book = dir.File("book");
        HtmlBook.Write([notebooks[0]], book);
        string[] export = ["notebooks", "export", "--to", "html", "--out", book, .. notebooks];

        var killed = Nin(export, dir.Path, killAt);

        Assert.True(killed.ExitCode == 137, killed.All);
        if (killAt == 1)
        {
            Assert.False(File.Exists(Path.Combine(book, "02-notebook-2.html")), "the earlier book is still in place");
        }
        else
        {
            Assert.False(Directory.Exists(book), "killed between moving the earlier book aside and the new one in");
        }

        var again = Nin(export, dir.Path, 0);

        Assert.True(again.ExitCode == 0, again.All);
        Assert.True(File.Exists(Path.Combine(book, "02-notebook-2.html")));
        Assert.Equal(["01-notebook-1.ipynb", "02-notebook-2.ipynb", "book"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static ChildProcess.Result Nin(string[] args, string workingDirectory, int killAtRename) =>
        ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "nin.dll"), .. args], workingDirectory, TimeSpan.FromMinutes(3),
            killAtRename > 0 ? new Dictionary<string, string> { [FaultInjection.KillAtRenameVariable] = killAtRename.ToString(CultureInfo.InvariantCulture) } : null);

    private static string WriteNotebook(TemporaryDirectory dir, string name, string markdown)
    {
        var path = dir.File(name);
        var notebook = new InteractiveDocument { new InteractiveDocumentElement(markdown, "markdown"), new InteractiveDocumentElement("1 + 1", "csharp") };
        File.WriteAllText(path, NotebookDocument.ToIpynb(notebook));
        return path;
    }

    private static string Snapshot(string dir) => string.Join("\n", Directory
        .EnumerateFileSystemEntries(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        .Order(StringComparer.Ordinal)
        .Select(p => new FileInfo(p).LinkTarget is { } target ? $"{p} -> {target}" : File.Exists(p) ? $"{p} {File.ReadAllText(p)}" : p));

    /// <summary>Markdown that tries to run script in every way a notebook's text could; each would mark the page.</summary>
    internal static class Hostile
    {
        private const string Mark = "document.body.setAttribute('data-p' + 'wned', 'yes')";

        public static readonly string Markdown = string.Join("\n\n",
            "# Hostile",
            $"<script>{Mark}</script>",
            $"<iframe src=\"javascript:{Mark}\"></iframe>",
            $"<img src=x onerror=\"{Mark}\">",
            $"inline <span onmouseover=\"{Mark}\">html</span> and **bold**",
            "[a link](javascript:alert(1)) [another](JaVaScRiPt:alert(1)) [entity](&#106;avascript:alert(1)) [spaced](<java\tscript:alert(1)>)",
            "<javascript:alert(1)> ![image](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "# Heading {onclick=alert(1)}",
            "[a safe link](https://example.org/) [relative](01-mlpconv.html#top)");
    }
}
