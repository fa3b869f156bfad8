using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NinNotebooks.Platform;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Runs one notebook in a child process of this program, as VS Code starts a kernel per notebook: packages one notebook
/// loads cannot clash with another's, a cell that never ends or a native crash cannot take the whole run down, and the
/// per-cell lines stream through as the notebook runs. The options travel whole, in a file (<see cref="RunOptionsFile"/>).
/// </summary>
internal static partial class NotebookProcess
{
    /// <summary>How the child announces a cell it starts, on a line of its own that the parent does not print.</summary>
    private const string CellStartPrefix = "##nin-cell-start ";

    /// <summary>How the child reports, on a line of its own, a failure it could not write as its result (a full disk).</summary>
    private const string FailurePrefix = "##nin-failure ";

    /// <summary>The start of the names of the files that carry a run's options and result through the temp folder.</summary>
    private const string ScratchPrefix = "nin-notebook-";

    /// <summary>The line the child prints before it submits cell <paramref name="number"/>.</summary>
    public static string CellStartLine(int number) => CellStartPrefix + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The line the child prints when it cannot write its result: the failure, on one line.</summary>
    public static string FailureLine(string failure) => FailurePrefix + failure.ReplaceLineEndings(" ");

    /// <summary>Runs <paramref name="notebook"/> with <paramref name="options"/>, copying the child's cell lines to <paramref name="output"/>.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="executedCopy">Where the executed copy goes (see <see cref="RunPlan"/>).</param>
    /// <param name="options">The run's options.</param>
    /// <param name="output">Where the per-cell lines go.</param>
    /// <param name="program">The runner program to start; by default this one.</param>
    public static NotebookRunResult Run(string notebook, string executedCopy, NotebookRunOptions options, TextWriter output, string? program = null)
    {
        RemoveLeftovers();
        var scratch = Path.Combine(Path.GetTempPath(), $"{ScratchPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        var optionsFile = scratch + ".options.json";
        var resultFile = scratch + ".result.json";
        var start = program is null ? Self() : new ProcessStartInfo(program);
        foreach (var argument in (string[])["run-one", Path.GetFullPath(notebook), "--copy", executedCopy, "--options", optionsFile, "--result", resultFile])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            try
            {
                RunOptionsFile.Save(options, optionsFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new NotebookRunResult(Path.GetFullPath(notebook), null, [], $"{Path.GetFullPath(notebook)}: not run: could not write the run's options to {optionsFile} ({ErrorText.Of(e)}).");
            }

            var errors = new List<string>();
            var cell = 0;
            string? failure = null;
            var exitCode = ChildProgram.Run(start, line =>
            {
                if (line.StartsWith(CellStartPrefix, StringComparison.Ordinal))
                {
                    cell = int.Parse(line.AsSpan(CellStartPrefix.Length), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith(FailurePrefix, StringComparison.Ordinal))
                {
                    failure = line[FailurePrefix.Length..];
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

            return new NotebookRunResult(Path.GetFullPath(notebook), null, [], failure ?? Ended(Path.GetFullPath(notebook), cell, exitCode, errors));
        }
        finally
        {
            File.Delete(optionsFile);
            File.Delete(resultFile);
        }
    }

    /// <summary>
    /// Removes the options and result files of runs whose process is gone (killed with SIGKILL, which no cleanup
    /// survives): they are recognised by their exact names, which carry the process id of the run that wrote them, and
    /// hold parameter values that should not stay behind. Files of a live process, or that cannot be removed (another
    /// user's), are left alone.
    /// </summary>
    private static void RemoveLeftovers()
    {
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(Path.GetTempPath(), "*" + ScratchPrefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var match = ScratchName().Match(AtomicFile.TargetOfTemporary(name) ?? name);
            if (match.Success && !IsRunning(int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture)))
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another user's, or gone already: not ours to worry about.
                }
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^nin-notebook-(?<pid>[0-9]{1,9})-[0-9a-f]{32}\.(options|result)\.json$")]
    private static partial System.Text.RegularExpressions.Regex ScratchName();

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
