using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

/// <summary>
/// The same notebook through dotnet-repl (the .NET Interactive kernel, headless) and through the notebook runner must
/// show the same things: the same cells fail, and the same outputs, in the same order, with the same text.
/// </summary>
/// <remarks>
/// What the comparison forgives, each a documented difference in how outputs are stored, not in what runs:
/// dotnet-repl gathers a cell's console output into one stream at the end and appends every update of a display as a
/// new output, where VS Code (and the runner) keep streams where they happened and replace the updated output; charts
/// are compared as "a chart" (the runner draws them offline, the extension through a CDN); timings and stack traces
/// are left out.
/// </remarks>
[Trait(TestCategory.Name, TestCategory.Integration)]
public partial class KernelFidelityTests
{
    private static readonly string[] Cells =
    [
        "#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\n#r \"lib/NinNotebooks.dll\"\nNinNotebooks.Setup.FSharpCoreCompatibility.Ensure().ToString()",
        "NinNotebooks.Charts.BarCharts.Bars(\"a chart\", [\"a\", \"b\"], [1.0, 2.0], \"value\")",
        "using Microsoft.DotNet.Interactive.Formatting;\npublic record Point(int X, int Y);\nFormatter.Register<Point>(p => $\"({p.X}, {p.Y})\", \"text/plain\");\nFormatter.SetPreferredMimeTypesFor(typeof(Point), \"text/plain\");\nnew Point(1, 2)",
        "var shown = display(\"first\");\nConsole.WriteLine(\"printed\");\nshown.Update(\"second\");\ndisplay(HTML(\"<b>bold</b>\"));\nEnumerable.Range(1, 3)",
        "#r \"nuget: SharpZipLib, 1.4.1\"\ntypeof(ICSharpCode.SharpZipLib.Zip.ZipFile).Assembly.GetName().Version!.ToString()",
        "Console.Error.WriteLine(\"a warning\");\nthrow new InvalidOperationException(\"on purpose\");",
        "undefinedName + 1",
        "$\"still running: {new Point(3, 4)}\"",
    ];

    /// <summary>dotnet-repl writes a cell's stdout, then its stderr, as one stream.</summary>
    private static readonly string[] StreamNames = ["stdout", "stderr"];

    [Fact]
    public void ANotebook_ShowsTheSameInDotnetReplAndInTheRunner()
    {
        using var dir = new TemporaryDirectory();
        NotebookRunnerTests.CopyLibrary(dir);
        var path = NotebookFixtures.Write(dir, "fidelity.ipynb", Cells);

        var (repl, replCopy) = DotnetRepl.Execute(path, dir.File("fidelity.repl.ipynb"));
        var (result, executed) = NotebookFixtures.Run(dir, path, new NotebookRunOptions { ContinueOnError = true });

        Assert.True(File.Exists(replCopy), repl.All);
        Assert.Equal(2, repl.ExitCode);    // dotnet-repl: 2 when any cell has an error
        var reference = NotebookDocument.Load(replCopy).Elements.ToList();
        var ours = executed.Code().ToList();
        Assert.Equal(reference.Count, ours.Count);
        Assert.Equal(reference.Select(c => c.Outputs.Any(o => o is ErrorElement)), result.Cells.Select(c => c.Status != CellStatus.Passed));
        for (var i = 0; i < ours.Count; i++)
        {
            AssertSameOutputs(i + 1, reference[i], ours[i]);
        }

        Assert.Contains(ours[1].Outputs, o => Shown(o) == "<chart>");
    }

    private static void AssertSameOutputs(int number, InteractiveDocumentElement reference, InteractiveDocumentElement ours)
    {
        var streams = ours.Outputs.OfType<TextElement>().GroupBy(t => t.Name).ToDictionary(g => g.Key, g => string.Concat(g.Select(t => t.Text)));
        var expectedStreams = string.Concat(reference.Outputs.OfType<TextElement>().Select(t => t.Text));
        var oursStreams = string.Join("\n\n", StreamNames.Where(streams.ContainsKey).Select(n => streams[n]));
        Assert.True(Normalize(expectedStreams) == Normalize(oursStreams), $"cell {number}: console output differs:\n{expectedStreams}\n---\n{oursStreams}");

        var expected = reference.Outputs.Where(o => o is not TextElement).Select(Shown).ToList();
        var actual = ours.Outputs.Where(o => o is not TextElement).Select(Shown).ToList();
        var next = 0;
        foreach (var output in expected)
        {
            if (next < actual.Count && actual[next] == output)
            {
                next++;
            }
            else
            {
                Assert.True(output.StartsWith("display", StringComparison.Ordinal),
                    $"cell {number}: dotnet-repl shows\n{output}\nwhich the runner does not (runner: {string.Join(" | ", actual)})");
            }
        }

        Assert.True(next == actual.Count, $"cell {number}: the runner shows outputs dotnet-repl does not: {string.Join(" | ", actual.Skip(next))}");
    }

    /// <summary>An output as a person sees it: kind and text, charts as "&lt;chart&gt;", errors by their first line.</summary>
    private static string Shown(InteractiveDocumentOutputElement output) => output switch
    {
        ErrorElement error => $"error {error.ErrorName}: {Normalize(error.ErrorValue).Split('\n')[0]}",
        _ when output.Data() is { } data => data.Values.Select(NotebookDocument.Text).Any(OfflineCharts.DrawsChart) || data.Values.Select(NotebookDocument.Text).Any(t => t.Contains("newPlot", StringComparison.Ordinal))
            ? "<chart>"
            : "display " + string.Join("; ", data.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={Normalize(NotebookDocument.Text(d.Value))}")),
        _ => output.GetType().Name,
    };

    private static string Normalize(string text) => Digits().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "#");

    /// <summary>Timings: "1.23ms", "0.5 s".</summary>
    [GeneratedRegex(@"\d+(\.\d+)?\s?m?s\b")]
    private static partial Regex Digits();
}
