using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;

namespace NinNotebooks.Notebooks;

/// <summary>
/// The figures behind <c>nin bench notebooks</c>, measured in this process as <c>run</c> measures a notebook: how long the
/// kernel takes to build, the first cell (which starts the C# compiler), trivial cells after a warm-up (the host's own
/// cost per cell) and a cell that restores a package through the kernel's <c>#r "nuget:..."</c>.
/// </summary>
internal static class KernelBench
{
    private const int WarmUpCells = 5;

    /// <summary>Runs the benchmark notebook and returns its figures as one JSON object (milliseconds).</summary>
    public static string Run(int cells)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"nin-bench-notebooks-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var notebook = new InteractiveDocument();
            foreach (var i in Enumerable.Range(1, WarmUpCells + cells))
            {
                notebook.Add(new InteractiveDocumentElement($"var x{i} = {i};\nx{i} + 1", NotebookKernel.CSharp));
            }

            notebook.Add(new InteractiveDocumentElement("#r \"nuget: SharpZipLib, 1.4.1\"", NotebookKernel.CSharp));
            var path = Path.Combine(scratch, "trivial.ipynb");
            File.WriteAllText(path, NotebookDocument.ToIpynb(notebook));
            var result = new NotebookRunner(new NotebookRunOptions { OutputDirectory = Path.Combine(scratch, "out") }).Run(path);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"The benchmark notebook failed: {result.Failure}");
            }

            return JsonSerializer.Serialize(new
            {
                kernel_start_ms = result.KernelStart.TotalMilliseconds,
                first_cell_ms = result.Cells[0].Duration.TotalMilliseconds,
                trivial_cell_ms = result.Cells.Skip(WarmUpCells).SkipLast(1).Select(c => c.Duration.TotalMilliseconds).ToArray(),
                restore_ms = result.Cells[^1].Duration.TotalMilliseconds,
            });
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
