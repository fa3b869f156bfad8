using System.Diagnostics;

namespace NinNotebooks;

/// <summary>Runs a program to its end, handing each line it prints to a callback as it prints it.</summary>
internal static class ChildProgram
{
    /// <summary>Starts <paramref name="start"/> (its output redirected here) and returns its exit code.</summary>
    /// <param name="start">The program and its arguments.</param>
    /// <param name="output">Called with each standard output line, in order, on this thread.</param>
    /// <param name="error">Called with each standard error line, from another thread, one call at a time.</param>
    public static int Run(ProcessStartInfo start, Action<string> output, Action<string> error)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var gate = new object();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (gate)
                {
                    error(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            output(line);
        }

        process.WaitForExit();
        return process.ExitCode;
    }
}
