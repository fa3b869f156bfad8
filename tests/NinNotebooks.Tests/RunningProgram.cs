using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace NinNotebooks.Tests;

/// <summary>A program started in the background, for tests that signal it while it works.</summary>
internal sealed class RunningProgram : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    public RunningProgram(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = ChildProcess.StartInfo(fileName, arguments, workingDirectory, environment);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// <c>nin</c> itself (the built nin.dll beside the tests), in its own process, with SIGINT at its default. A test run
    /// started in the background by a shell without job control inherits SIGINT ignored, .NET keeps an ignored SIGINT
    /// ignored, and then Ctrl+C would never reach nin; env(1) from coreutils resets it before it runs dotnet (same pid).
    /// </summary>
    public static RunningProgram Nin(IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        new("env", ["--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "nin.dll"), .. arguments], workingDirectory, environment);

    public int Id => _process.Id;

    /// <summary>Everything printed so far, standard output and error interleaved.</summary>
    public string Printed => string.Join("\n", _lines);

    /// <summary>Waits until a printed line contains <paramref name="text"/>.</summary>
    public void WaitFor(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (clock.Elapsed > timeout || _process.HasExited)
            {
                throw new TimeoutException($"'{text}' was not printed. Printed:\n{Printed}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, INT, ...) as kill(1) does.</summary>
    public void Signal(string signal) =>
        ChildProcess.Run("kill", ["-s", signal, Id.ToString(CultureInfo.InvariantCulture)], Environment.CurrentDirectory);

    /// <summary>Waits for the program to end and returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"The program did not end. Printed:\n{Printed}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
