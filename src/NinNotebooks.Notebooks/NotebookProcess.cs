using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Runs one notebook in a child process of this program, as VS Code starts a kernel per notebook: packages one notebook
/// loads cannot clash with another's, a cell that never ends or a native crash cannot take the whole run down, and the
/// per-cell lines stream through as the notebook runs. The options travel whole, in a file (<see cref="RunOptionsFile"/>).
/// </summary>
internal static class NotebookProcess
{
    /// <summary>How the child announces a cell it starts, on a line of its own that the parent does not print.</summary>
    private const string CellStartPrefix = "##nin-cell-start ";

    /// <summary>The line the child prints before it submits cell <paramref name="number"/>.</summary>
    public static string CellStartLine(int number) => CellStartPrefix + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="notebook"/> with <paramref name="options"/>, copying the child's cell lines to <paramref name="output"/>.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="executedCopy">Where the executed copy goes (see <see cref="RunPlan"/>).</param>
    /// <param name="options">The run's options.</param>
    /// <param name="output">Where the per-cell lines go.</param>
    /// <param name="program">The runner program to start; by default this one.</param>
    public static NotebookRunResult Run(string notebook, string executedCopy, NotebookRunOptions options, TextWriter output, string? program = null)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"nin-notebook-{Guid.NewGuid():N}");
        var optionsFile = scratch + ".options.json";
        var resultFile = scratch + ".result.json";
        var start = program is null ? Self() : new ProcessStartInfo(program);
        foreach (var argument in (string[])["run-one", Path.GetFullPath(notebook), "--copy", executedCopy, "--options", optionsFile, "--result", resultFile])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            RunOptionsFile.Save(options, optionsFile);
            var errors = new List<string>();
            var cell = 0;
            var exitCode = ChildProgram.Run(start, line =>
            {
                if (line.StartsWith(CellStartPrefix, StringComparison.Ordinal))
                {
                    cell = int.Parse(line.AsSpan(CellStartPrefix.Length), CultureInfo.InvariantCulture);
                }
                else
                {
                    output.WriteLine(line);
                }
            }, errors.Add);
            if (File.Exists(resultFile) && JsonSerializer.Deserialize<NotebookRunResult>(File.ReadAllText(resultFile)) is { } result)
            {
                return result;
            }

            return new NotebookRunResult(Path.GetFullPath(notebook), null, [], Ended(Path.GetFullPath(notebook), cell, exitCode, errors));
        }
        finally
        {
            File.Delete(optionsFile);
            File.Delete(resultFile);
        }
    }

    /// <summary>Why a notebook's process ended without a result, naming the cell that was running.</summary>
    private static string Ended(string notebook, int cell, int exitCode, List<string> errors)
    {
        var where = cell > 0 ? $"cell {cell}" : "the notebook";
        if (errors.Any(e => e.StartsWith("Stack overflow", StringComparison.Ordinal)))
        {
            return $"{notebook}: {where} ended the notebook process with a stack overflow (a recursion that never stops?); no executed copy was written.";
        }

        var tail = errors.Count > 0 ? Environment.NewLine + string.Join(Environment.NewLine, errors.TakeLast(20)) : "";
        return $"{notebook}: {where} ended the notebook process (exit code {exitCode}); no executed copy was written.{tail}";
    }

    /// <summary>A start for this same program: its app host beside this assembly, else <c>dotnet nin-notebooks.dll</c>.</summary>
    private static ProcessStartInfo Self()
    {
        var directory = Path.GetDirectoryName(typeof(NotebookProcess).Assembly.Location)!;
        var host = Path.Combine(directory, OperatingSystem.IsWindows() ? "nin-notebooks.exe" : "nin-notebooks");
        if (File.Exists(host))
        {
            return new ProcessStartInfo(host);
        }

        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(directory, "nin-notebooks.dll"));
        return start;
    }
}
