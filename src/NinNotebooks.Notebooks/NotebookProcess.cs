using System.Diagnostics;
using System.Text.Json;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Runs one notebook in a child process of this program, as VS Code starts a kernel per notebook: packages one notebook
/// loads cannot clash with another's, a cell that never ends or a native crash cannot take the whole run down, and the
/// per-cell lines stream through as the notebook runs. The options travel whole, in a file (<see cref="RunOptionsFile"/>).
/// </summary>
internal static class NotebookProcess
{
    /// <summary>Runs <paramref name="notebook"/> with <paramref name="options"/>, copying the child's cell lines to <paramref name="output"/>.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="options">The run's options.</param>
    /// <param name="output">Where the per-cell lines go.</param>
    /// <param name="program">The runner program to start; by default this one.</param>
    public static NotebookRunResult Run(string notebook, NotebookRunOptions options, TextWriter output, string? program = null)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"nin-notebook-{Guid.NewGuid():N}");
        var optionsFile = scratch + ".options.json";
        var resultFile = scratch + ".result.json";
        var start = program is null ? Self() : new ProcessStartInfo(program);
        foreach (var argument in (string[])["run-one", Path.GetFullPath(notebook), "--options", optionsFile, "--result", resultFile])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            RunOptionsFile.Save(options, optionsFile);
            var errors = new List<string>();
            var exitCode = ChildProgram.Run(start, output.WriteLine, errors.Add);
            if (File.Exists(resultFile) && JsonSerializer.Deserialize<NotebookRunResult>(File.ReadAllText(resultFile)) is { } result)
            {
                return result;
            }

            var tail = string.Join(Environment.NewLine, errors.TakeLast(20));
            return new NotebookRunResult(Path.GetFullPath(notebook), null, [], $"{Path.GetFullPath(notebook)}: the notebook process ended with exit code {exitCode} before reporting a result.{Environment.NewLine}{tail}");
        }
        finally
        {
            File.Delete(optionsFile);
            File.Delete(resultFile);
        }
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
