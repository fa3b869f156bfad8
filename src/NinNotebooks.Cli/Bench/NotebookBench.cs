using System.Diagnostics;
using NinNotebooks.Notebooks;

namespace NinNotebooks.Cli.Bench;

/// <summary>
/// <c>nin bench notebooks</c>: the executor's own cost per cell (compiling and bookkeeping a trivial cell), and package
/// restores uncached, cached within a run and cached across runs.
/// </summary>
internal static class NotebookBench
{
    private const int WarmUpCells = 5;

    public static BenchReport Run(int cells, TextWriter log)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"nin-bench-notebooks-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var path = Path.Combine(scratch, "trivial.ipynb");
            var notebook = new Notebook(NotebookFormat.Ipynb, [], Enumerable.Range(1, WarmUpCells + cells).Select(i => new NotebookCell(CellKind.Code, $"var x{i} = {i};\nx{i} + 1", "csharp")), "csharp");
            File.WriteAllText(path, Ipynb.Write(notebook));
            log.WriteLine($"running {WarmUpCells} warm-up and {cells} timed trivial cells...");
            var result = new NotebookRunner(new NotebookRunOptions { OutputDirectory = Path.Combine(scratch, "out") }).Run(path);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"The benchmark notebook failed: {result.Failure}");
            }

            var times = result.Cells.Skip(WarmUpCells).Select(c => c.Duration.TotalMilliseconds).Order().ToArray();

            log.WriteLine("restoring SharpZipLib 1.4.1 into an empty cache, then again...");
            PackageReference[] package = [new("SharpZipLib", "1.4.1")];
            var cache = Path.Combine(scratch, "cache");
            var first = Time(() => new PackageRestorer(cache).Restore(package, []));
            var restorer = new PackageRestorer(cache);
            var again = Time(() => restorer.Restore(package, []));
            var fresh = Time(() => new PackageRestorer(cache).Restore(package, []));

            return new BenchReport($"nin bench notebooks (in-process runner, {Environment.ProcessorCount} cores)")
                .Add("first cell (cold: Roslyn start-up)", result.Cells[0].Duration.TotalMilliseconds, "ms", "first_cell_ms")
                .Add($"trivial cell, median of {cells}", Median(times), "ms", "trivial_cell_median_ms")
                .Add($"trivial cell, 90th percentile", times[(int)(0.9 * (times.Length - 1))], "ms", "trivial_cell_p90_ms")
                .Add("restore, empty cache", first, "ms", "restore_uncached_ms")
                .Add("restore again, same run", again, "ms", "restore_cached_same_run_ms")
                .Add("restore again, new restorer (as a later run)", fresh, "ms", "restore_cached_new_run_ms")
                .Note("A trivial cell is `var xN = N;` then `xN + 1`: its time is the executor's overhead (compile, run, format, record).")
                .Note("Restores are cached on disk by the exact package set, so later runs reuse them without calling NuGet.");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(double[] sorted) => sorted[sorted.Length / 2];
}
