using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NinNotebooks.Notebooks;
using Xunit;

namespace NinNotebooks.Tests.Series;

/// <summary>Every notebook of the series is a Polyglot notebook that opens in VS Code, and follows the series' shape.</summary>
public partial class NotebookStructureTests
{
    [Fact]
    public void Series_IsNumberedFrom01WithoutGaps()
    {
        var numbers = SeriesNotebooks.Files.Select(f => int.Parse(Path.GetFileName(f)[..2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(numbers.Count >= 6, $"{numbers.Count} notebooks");
        Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        Assert.All(SeriesNotebooks.Files, f => Assert.Matches(FileName(), Path.GetFileName(f)));
    }

    [Theory]
    [MemberData(nameof(SeriesNotebooks.Names), MemberType = typeof(SeriesNotebooks))]
    public void Metadata_IsPolyglotCSharp(string name)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(SeriesNotebooks.Folder, name)))!.AsObject();
        Assert.Equal(4, (int)json["nbformat"]!);
        Assert.Equal(5, (int)json["nbformat_minor"]!);
        Assert.Equal(".net-csharp", (string?)json["metadata"]!["kernelspec"]!["name"]);
        Assert.Equal("polyglot-notebook", (string?)json["metadata"]!["language_info"]!["name"]);
        Assert.Equal("csharp", (string?)json["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
        foreach (var cell in json["cells"]!.AsArray().Select(c => c!.AsObject()))
        {
            Assert.False(string.IsNullOrEmpty((string?)cell["id"]), $"{name}: every cell has an id (nbformat 4.5)");
            if ((string?)cell["cell_type"] == "code")
            {
                Assert.Equal("csharp", (string?)cell["metadata"]!["polyglot_notebook"]!["kernelName"]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SeriesNotebooks.Names), MemberType = typeof(SeriesNotebooks))]
    public void IsStoredWithoutOutputs(string name)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(SeriesNotebooks.Folder, name)))!.AsObject();
        foreach (var cell in json["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => (string?)c["cell_type"] == "code"))
        {
            Assert.Empty(cell["outputs"]!.AsArray());
            Assert.Null(cell["execution_count"]);
        }
    }

    [Theory]
    [MemberData(nameof(SeriesNotebooks.Names), MemberType = typeof(SeriesNotebooks))]
    public void StartsWithTitleSetupAndParameters(string name)
    {
        var notebook = SeriesNotebooks.Load(name);
        Assert.True(notebook.Elements[0].IsMarkdown());
        Assert.StartsWith($"# {int.Parse(name[..2], System.Globalization.CultureInfo.InvariantCulture)}. ", notebook.Elements[0].Contents, StringComparison.Ordinal);

        var code = notebook.Elements.Where(c => !c.IsMarkdown()).ToList();
        Assert.All(code, c => Assert.Equal("csharp", c.KernelName));
        var setup = code[0].Contents;
        Assert.Contains($"#r \"nuget: TorchSharp-cpu, {RepositoryPaths.PinnedVersion("TorchSharp-cpu")}\"", setup, StringComparison.Ordinal);
        Assert.Contains($"#r \"nuget: Plotly.NET, {RepositoryPaths.PinnedVersion("Plotly.NET")}\"", setup, StringComparison.Ordinal);
        Assert.Contains("#r \"../artifacts/bin/NinNotebooks/release/NinNotebooks.dll\"", setup, StringComparison.Ordinal);
        Assert.Contains("TorchRuntime.Initialize()", setup, StringComparison.Ordinal);

        // The cell names what it loads, for every system TorchSharp-cpu carries libtorch for, and a build command
        // that exists on each of them.
        Assert.Contains("libtorch 2.10 for Linux x64, Windows x64 and macOS arm64", setup, StringComparison.Ordinal);
        Assert.Contains("`dotnet build src/NinNotebooks -c Release`", setup, StringComparison.Ordinal);

        var parameters = Assert.Single(code, c => c.Tags().Contains(NotebookParameters.Tag));
        Assert.Same(code[1], parameters);
        Assert.Contains("var device = \"auto\";", parameters.Contents, StringComparison.Ordinal);
        var defaults = new Dictionary<string, string> { ["dataset"] = "\"auto\"", ["epochs"] = "0", ["subset"] = "0", ["device"] = "\"auto\"" };
        foreach (var variable in NotebookParameters.Declared(parameters.Contents).Where(defaults.ContainsKey))
        {
            Assert.Contains($"var {variable} = {defaults[variable]};", parameters.Contents, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(SeriesNotebooks.Names), MemberType = typeof(SeriesNotebooks))]
    public void EveryParameter_IsUsed(string name)
    {
        var code = SeriesNotebooks.Load(name).Elements.Where(c => !c.IsMarkdown()).ToList();
        var parameters = code.Single(c => c.Tags().Contains(NotebookParameters.Tag));
        var rest = string.Join("\n", code.Where(c => c != parameters).Select(c => c.Contents));
        Assert.All(NotebookParameters.Declared(parameters.Contents), variable =>
            Assert.True(Regex.IsMatch(rest, $@"\b{variable}\b"), $"{name}: the parameter '{variable}' is never used"));
    }

    [Theory]
    [MemberData(nameof(SeriesNotebooks.Names), MemberType = typeof(SeriesNotebooks))]
    public void MarkdownExplainsBeforeCode_CellsAreShort(string name)
    {
        var cells = SeriesNotebooks.Load(name).Elements;
        var codeRuns = 0;
        foreach (var cell in cells)
        {
            codeRuns = cell.IsMarkdown() ? 0 : codeRuns + 1;
            Assert.True(codeRuns <= 3, $"{name}: more than three code cells in a row before '{cell.FirstLine()}'");
            if (!cell.IsMarkdown() && !cell.Tags().Contains(NotebookParameters.Tag))
            {
                var lines = cell.Contents.Split('\n').Count(l => l.Trim().Length > 0);
                Assert.True(lines <= 12, $"{name}: a {lines}-line cell: '{cell.FirstLine()}'");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SeriesNotebooks.Names), MemberType = typeof(SeriesNotebooks))]
    public void EndsWithSummaryAndExercises_ThenReferences(string name)
    {
        var cells = SeriesNotebooks.Load(name).Elements;
        var summary = cells[^2];
        Assert.True(summary.IsMarkdown());
        Assert.Contains("## Summary", summary.Contents, StringComparison.Ordinal);
        var exercises = summary.Contents[summary.Contents.IndexOf("## Exercises", StringComparison.Ordinal)..];
        Assert.True(NumberedItem().Count(exercises) >= 3, $"{name}: at least three exercises");
        var references = cells[^1];
        Assert.True(references.IsMarkdown());
        Assert.StartsWith("## References", references.Contents, StringComparison.Ordinal);
        Assert.Contains("Lin, M., Chen, Q. and Yan, S. (2014). Network in network. *ICLR 2014*. arXiv:1312.4400.", references.Contents, StringComparison.Ordinal);
    }

    [Fact]
    public void OneNotebookShowsAChartWithXPlotToo() =>
        Assert.Contains(SeriesNotebooks.Files, f => File.ReadAllText(f).Contains("XPlot.Plotly.Chart.Plot", StringComparison.Ordinal));

    /// <summary>The library's docs say which notebook teaches a type ("Taught in notebooks/NN-name.ipynb"), and that notebook uses it.</summary>
    [Fact]
    public void EveryNotebookTheLibraryDocsName_ExistsAndUsesTheType()
    {
        var links = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", "NinNotebooks"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => TaughtIn().Matches(File.ReadAllText(file)).Select(m => (Type: Path.GetFileNameWithoutExtension(file), m.Groups["notebooks"].Value)))
            .ToList();

        Assert.True(links.Count >= 20, $"only {links.Count} types name their notebook");
        foreach (var (type, notebooks) in links)
        {
            foreach (Match notebook in NotebookPath().Matches(notebooks))
            {
                var path = Path.Combine(RepositoryPaths.Root, notebook.Value);
                Assert.True(File.Exists(path), $"{type}: {notebook.Value} does not exist");
                Assert.Contains(type, File.ReadAllText(path), StringComparison.Ordinal);
            }
        }
    }

    [GeneratedRegex(@"Taught in (?<notebooks>[^<]+)")]
    private static partial Regex TaughtIn();

    [GeneratedRegex(@"notebooks/\d\d-[a-z0-9-]+\.ipynb")]
    private static partial Regex NotebookPath();

    [GeneratedRegex(@"^\d\d-[a-z0-9-]+\.ipynb$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"(?m)^\d+\. ")]
    private static partial Regex NumberedItem();
}
