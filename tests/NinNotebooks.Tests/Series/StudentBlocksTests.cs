using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using NinNotebooks.Notebooks;
using NinNotebooks.Tests.Notebooks;
using Xunit;

namespace NinNotebooks.Tests.Series;

/// <summary>
/// The blocks students write from <c>nn</c> layers in notebooks 1 and 4 match the library's <see cref="MlpConv"/> and
/// <see cref="InceptionBlock"/>. The test takes the notebooks' own cells, verbatim, and runs them in the real notebook
/// kernel, so a change to either the cells or the library that breaks the match fails here.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Integration)]
public class StudentBlocksTests
{
    private const string Library = "../artifacts/bin/NinNotebooks/release/NinNotebooks.dll";

    /// <summary>The notebook's code cell that contains <paramref name="text"/> (exactly one must).</summary>
    private static string Cell(string notebook, string text) =>
        Assert.Single(SeriesNotebooks.Load(notebook).Elements, c => !c.IsMarkdown() && c.Contents.Contains(text, StringComparison.Ordinal)).Contents;

    [Fact]
    public void HandWrittenMlpconvAndInception_MatchTheLibrarysBlocks_InTheKernel()
    {
        using var dir = new TemporaryDirectory();
        var library = NotebookRunnerTests.CopyLibrary(dir);
        const string first = "01-mlpconv.ipynb";
        const string fourth = "04-inception-bottlenecks.ipynb";
        string[] cells =
        [
            Cell(first, "TorchRuntime.Initialize()").Replace(Library, library, StringComparison.Ordinal),
            "var device = \"cpu\";",
            Cell(first, "using NinNotebooks.Analysis;"),
            Cell(first, "var block = new MlpConv(3, [192, 160, 96]"),
            Cell(first, "BlockComparison.Compare(mine, block"),
            Cell(fourth, "using NinNotebooks.Analysis;"),
            Cell(fourth, "var inception = spec.Create();"),
            Cell(fourth, "class MyInception"),
            Cell(fourth, "BlockComparison.Compare(mine, inception"),
        ];
        Assert.Contains("#r \"lib/NinNotebooks.dll\"", cells[0], StringComparison.Ordinal);
        var path = NotebookFixtures.Write(dir, "student-blocks.ipynb", cells);

        var (result, executed) = NotebookFixtures.Run(dir, path);

        Assert.True(result.Succeeded, result.Failure);
        var outputs = executed.Code().ToList();
        using var mlpconv = new MlpConv(3, [192, 160, 96], kernelSize: 5, padding: 2);
        using var inception = GoogLeNet.Table[0].Create();
        AssertSameBlock(outputs[4].Outputs.Single().Text(), mlpconv.CountParameters());
        AssertSameBlock(outputs[8].Outputs.Single().Text(), inception.CountParameters());
    }

    private static void AssertSameBlock(string shown, long parameters)
    {
        var count = parameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"parameters: yours {count}, the library's {count}; ", shown, StringComparison.Ordinal);
        Assert.EndsWith(": the same block", shown, StringComparison.Ordinal);
    }
}
