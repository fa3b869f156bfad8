using System.Diagnostics;
using System.Text.Json;
using NinNotebooks.Cli.Commands;

namespace NinNotebooks.Cli.Bench;

/// <summary>
/// <c>nin bench notebooks</c>: what running a notebook in the .NET Interactive kernel costs beyond the notebook's own work:
/// the whole runner process for a one-cell notebook, building the kernel, the first cell (C# compiler start), the median
/// and 90th percentile of trivial cells after warm-up, and a package restore through the kernel's <c>#r "nuget:..."</c>.
/// </summary>
internal static class NotebookBench
{
    public static BenchReport Run(int cells, TextWriter log)
    {
        log.WriteLine($"running {cells} trivial cells after a warm-up in the notebook runner...");
        var clock = Stopwatch.StartNew();
        using var output = new StringWriter();
        using var error = new StringWriter();
        if (NotebooksCommand.Forward(["bench", "--cells", cells.ToString(System.Globalization.CultureInfo.InvariantCulture)], output, error) != NinApp.Success)
        {
            throw new InvalidOperationException($"The notebook runner's benchmark failed: {error}");
        }

        var process = clock.Elapsed.TotalMilliseconds;
        using var figures = JsonDocument.Parse(output.ToString().Trim().Split('\n')[^1]);
        var root = figures.RootElement;
        var times = root.GetProperty("trivial_cell_ms").EnumerateArray().Select(t => t.GetDouble()).Order().ToArray();
        return new BenchReport($"nin bench notebooks (.NET Interactive kernel in the notebook runner, {Environment.ProcessorCount} cores)")
            .Add("kernel built", root.GetProperty("kernel_start_ms").GetDouble(), "ms", "kernel_start_ms")
            .Add("first cell (C# compiler start)", root.GetProperty("first_cell_ms").GetDouble(), "ms", "first_cell_ms")
            .Add($"trivial cell, median of {times.Length}", times[times.Length / 2], "ms", "trivial_cell_median_ms")
            .Add("trivial cell, 90th percentile", times[(int)(0.9 * (times.Length - 1))], "ms", "trivial_cell_p90_ms")
            .Add("#r \"nuget: SharpZipLib, 1.4.1\" (kernel restore)", root.GetProperty("restore_ms").GetDouble(), "ms", "restore_ms")
            .Add("whole runner process", process, "ms", "runner_process_ms")
            .Note("A trivial cell is `var xN = N;` then `xN + 1`: its time is the host's overhead (submit, compile, run, format, record).")
            .Note("The restore goes through the kernel's own package manager (a generated project and `dotnet restore`), as in VS Code.");
    }
}
