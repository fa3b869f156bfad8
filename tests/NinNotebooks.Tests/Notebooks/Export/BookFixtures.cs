using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Charts;
using NinNotebooks.Notebooks;
using Plotly.NET;

namespace NinNotebooks.Tests.Notebooks.Export;

/// <summary>Executed notebooks made in memory, with outputs as the runner writes them (charts included).</summary>
internal static class BookFixtures
{
    /// <summary>Writes <paramref name="count"/> executed notebooks into <paramref name="dir"/>; each has two charts.</summary>
    public static IReadOnlyList<string> Write(TemporaryDirectory dir, int count = 2)
    {
        var paths = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var notebook = new InteractiveDocument
            {
                new InteractiveDocumentElement($"# {i}. Notebook number {i}\n\nWhat notebook {i} is about, in *one* paragraph.\n\nMore text.", "markdown"),
                Code("#r \"nuget: Plotly.NET, 6.0.0\"\n// a comment\nvar answer = 42;\n$\"text {answer}\"",
                    new DisplayElement(new Dictionary<string, object> { ["text/plain"] = "text 42 <b>" }),
                    new TextElement("printed\n", "stdout")),
                new InteractiveDocumentElement("## A table\n\n| a | b |\n| --- | --- |\n| 1 | 2 |", "markdown"),
                Code("BarCharts.Bars(...)", Chart(BarCharts.Bars($"chart {i}a", ["x", "y"], [1, 2], "v"))),
                // Pictures make a chart's script as long as a library (the series' image grids do), and its title may name plotly.
                Code("display(chart)", Chart(ImageCharts.Images(Pictures(), columns: 4, title: $"chart {i}b: pictures drawn by plotly.js")), new ErrorElement("boom", "Error", ["boom"])),
            };

            // As the runner leaves an executed copy: plotly.js inline before the first chart.
            OfflineCharts.IncludeLibrary(notebook);
            var path = dir.File($"0{i}-notebook-{i}.ipynb");
            File.WriteAllText(path, NotebookDocument.ToIpynb(notebook));
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>A chart output as the runner's offline formatter writes it.</summary>
    public static DisplayElement Chart(GenericChart chart) =>
        new(new Dictionary<string, object> { ["text/html"] = GenericChart.toChartHTML(chart) });

    /// <summary>Eight 3×40×40 pictures of noise: drawn as an image chart, a script of over 100,000 characters.</summary>
    private static TorchSharp.torch.Tensor Pictures() =>
        TorchSharp.torch.rand(8, 3, 40, 40, generator: new TorchSharp.torch.Generator(7, TorchSharp.torch.CPU));

    private static InteractiveDocumentElement Code(string source, params InteractiveDocumentOutputElement[] outputs) =>
        new(source, "csharp", outputs);
}
