using System.Diagnostics;
using System.Text.Json;
using NinNotebooks.Notebooks;

namespace NinNotebooks.Cli.Commands;

/// <summary>
/// Runs one notebook in a child <c>nin</c> process, as a kernel runs each notebook in its own process: packages one
/// notebook loads (say, an old FSharp.Core) cannot clash with another's, a cell that never ends or a native crash
/// cannot take the whole run down, and the per-cell lines stream through as the notebook runs.
/// </summary>
internal static class NotebookProcess
{
    /// <summary>Runs <paramref name="notebook"/> with the options in <paramref name="runTokens"/> (the tokens after `notebooks run`).</summary>
    public static NotebookRunResult Run(string notebook, IReadOnlyList<string> runTokens, TextWriter output, TextWriter error)
    {
        var resultFile = Path.Combine(Path.GetTempPath(), $"nin-notebook-{Guid.NewGuid():N}.json");
        var start = Self();
        start.ArgumentList.Add("notebooks");
        start.ArgumentList.Add("run-one");
        start.ArgumentList.Add(Path.GetFullPath(notebook));
        foreach (var token in OptionTokens(runTokens))
        {
            start.ArgumentList.Add(token);
        }

        start.ArgumentList.Add("--result");
        start.ArgumentList.Add(resultFile);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a notebook process.");
            var errors = new List<string>();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (errors)
                    {
                        errors.Add(e.Data);
                    }
                }
            };
            process.BeginErrorReadLine();
            while (process.StandardOutput.ReadLine() is { } line)
            {
                output.WriteLine(line);
            }

            process.WaitForExit();
            if (File.Exists(resultFile) && JsonSerializer.Deserialize<NotebookRunResult>(File.ReadAllText(resultFile)) is { } result)
            {
                return result;
            }

            lock (errors)
            {
                var tail = string.Join(Environment.NewLine, errors.TakeLast(20));
                return new NotebookRunResult(Path.GetFullPath(notebook), null, [], $"{Path.GetFullPath(notebook)}: the notebook process ended with exit code {process.ExitCode} before reporting a result.{Environment.NewLine}{tail}");
            }
        }
        finally
        {
            File.Delete(resultFile);
        }
    }

    /// <summary>The options of `notebooks run` that `run-one` understands: everything except the notebook paths, --junit and --in-process.</summary>
    private static IEnumerable<string> OptionTokens(IReadOnlyList<string> tokens)
    {
        string[] withValue = ["--out", "--param", "--timeout"];
        for (var i = 0; i < tokens.Count; i++)
        {
            if (withValue.Contains(tokens[i]) && i + 1 < tokens.Count)
            {
                yield return tokens[i];
                yield return tokens[++i];
            }
            else if (tokens[i] == "--continue-on-error")
            {
                yield return tokens[i];
            }
            else if (tokens[i] == "--junit")
            {
                i++;
            }
        }
    }

    /// <summary>A start for this same program: the `nin` app host beside this assembly, else `dotnet nin.dll`.</summary>
    private static ProcessStartInfo Self()
    {
        var directory = Path.GetDirectoryName(typeof(NotebookProcess).Assembly.Location)!;
        var host = Path.Combine(directory, OperatingSystem.IsWindows() ? "nin.exe" : "nin");
        if (File.Exists(host))
        {
            return new ProcessStartInfo(host);
        }

        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(directory, "nin.dll"));
        return start;
    }
}
