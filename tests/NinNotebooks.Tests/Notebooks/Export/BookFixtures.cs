using System.Text.Json.Nodes;
using NinNotebooks.Charts;
using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks.Export;

/// <summary>Executed notebooks made in memory, with outputs exactly as the executor writes them (charts included).</summary>
internal static class BookFixtures
{
    /// <summary>Writes <paramref name="count"/> executed notebooks into <paramref name="dir"/>; each has two charts.</summary>
    public static IReadOnlyList<string> Write(TemporaryDirectory dir, int count = 2)
    {
        var charts = new ChartHtml(() => null);   // the executor's renderer: plotly.js inline before the first chart
        var paths = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var cells = new List<NotebookCell>
            {
                new(CellKind.Markdown, $"# {i}. Notebook number {i}\n\nWhat notebook {i} is about, in *one* paragraph.\n\nMore text."),
                Code("#r \"nuget: Plotly.NET, 6.0.0\"\n// a comment\nvar answer = 42;\n$\"text {answer}\"",
                    new DisplayOutput(new Dictionary<string, string> { ["text/plain"] = "text 42 <b>" }),
                    new StreamOutput("stdout", "printed\n")),
                new(CellKind.Markdown, "## A table\n\n| a | b |\n| --- | --- |\n| 1 | 2 |"),
                Code("BarCharts.Bars(...)",
                    new DisplayOutput(new Dictionary<string, string> { ["text/html"] = charts.TryRender(BarCharts.Bars($"chart {i}a", ["x", "y"], [1, 2], "v"))! })),
                Code("display(chart)",
                    new DisplayOutput(new Dictionary<string, string> { ["text/html"] = charts.TryRender(BarCharts.Bars($"chart {i}b", ["x", "y"], [3, 4], "v"))! }),
                    ErrorOutput.From("boom")),
            };
            var notebook = new Notebook(NotebookFormat.Ipynb, new JsonObject(), cells, "csharp");
            var path = dir.File($"0{i}-notebook-{i}.ipynb");
            File.WriteAllText(path, Ipynb.Write(notebook));
            paths.Add(path);
        }

        return paths;
    }

    private static NotebookCell Code(string source, params CellOutput[] outputs)
    {
        var cell = new NotebookCell(CellKind.Code, source, "csharp");
        cell.Outputs.AddRange(outputs);
        return cell;
    }
}
