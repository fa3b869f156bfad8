using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NinNotebooks.Platform;

/// <summary>
/// Runs a program to its end, handing each line it prints to a callback as it prints it. While one runs, SIGINT,
/// SIGTERM and SIGHUP to this process do not end it at once: they are passed on to the child (which stops and tidies up
/// itself), the child is killed if it has not ended after <see cref="Grace"/>, <see cref="Run"/> returns, and
/// <see cref="Interrupted"/> tells the caller to stop too, so no child is left running and the caller's own
/// <c>finally</c> blocks run. (The signals are handled only while a child runs; at other times they act as usual.)
/// </summary>
/// <remarks>
/// A parent killed with SIGKILL passes nothing on, so each child also watches its parent: it gets a pipe as its
/// standard input, which this process never writes to and which the operating system closes when this process ends,
/// however it ends. A child that calls <see cref="WatchParent"/> sees the pipe close and stops as if signalled. (A pipe
/// rather than Linux's PR_SET_PDEATHSIG, which fires when the starting <em>thread</em> ends and exists on Linux only.)
/// </remarks>
internal static class ChildProgram
{
    /// <summary>How long a child gets to end after the signal is passed on.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private static readonly List<Process> Running = [];
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static int _interrupted;

    /// <summary>The signal that asked this process to stop (as 128 + its number, the shell's exit code for it), or 0.</summary>
    public static int Interrupted => Volatile.Read(ref _interrupted);

    /// <summary>Starts <paramref name="start"/> (its output redirected here) and returns its exit code.</summary>
    /// <param name="start">The program and its arguments.</param>
    /// <param name="output">Called with each standard output line, in order, on this thread.</param>
    /// <param name="error">Called with each standard error line, from another thread, one call at a time.</param>
    public static int Run(ProcessStartInfo start, Action<string> output, Action<string> error)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.Environment[ParentPipeVariable] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        lock (Running)
        {
            if (Running.Count == 0)
            {
                Registrations.AddRange(((PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP]).Select(s => PosixSignalRegistration.Create(s, OnSignal)));
            }

            Running.Add(process);
            if (Interrupted != 0)
            {
                Stop(process);
            }
        }

        try
        {
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
        finally
        {
            lock (Running)
            {
                Running.Remove(process);
                if (Running.Count == 0)
                {
                    Registrations.ForEach(r => r.Dispose());
                    Registrations.Clear();
                }
            }
        }
    }

    /// <summary>The environment variable that tells a child its standard input is its parent's pipe.</summary>
    public const string ParentPipeVariable = "NIN_PARENT_PIPE";

    /// <summary>
    /// In a program started by <see cref="Run"/>: watches the pipe from the parent on a background thread, and when it
    /// closes (the parent ended without stopping this process) stops the children this process runs, as a SIGTERM
    /// would, or, when none runs, ends this process with exit code 143. Does nothing in a program started otherwise.
    /// </summary>
    public static void WatchParent()
    {
        if (Environment.GetEnvironmentVariable(ParentPipeVariable) != "1")
        {
            return;
        }

        // Not for this process's own children (Run sets it for those), nor for programs a notebook's cells start.
        Environment.SetEnvironmentVariable(ParentPipeVariable, null);
        var pipe = Console.OpenStandardInput();
        new Thread(() =>
        {
            var buffer = new byte[256];
            try
            {
                while (pipe.Read(buffer) > 0)
                {
                    // The parent never writes; nothing to do but wait for the end of the pipe.
                }
            }
            catch (IOException)
            {
                // A broken pipe is a closed one.
            }

            if (!Interrupt(128 + 15))
            {
                Environment.Exit(128 + 15);
            }
        })
        { IsBackground = true, Name = "parent watch" }.Start();
    }

    private static void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Interrupt(128 + context.Signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGHUP => 1,
            _ => 15,
        });
    }

    /// <summary>Records <paramref name="exitCode"/> as the reason to stop and stops the running children; false when none runs.</summary>
    private static bool Interrupt(int exitCode)
    {
        Interlocked.CompareExchange(ref _interrupted, exitCode, 0);
        lock (Running)
        {
            Running.ForEach(Stop);
            return Running.Count > 0;
        }
    }

    /// <summary>Passes SIGTERM on to <paramref name="process"/>, and kills it and its children if it is still running after <see cref="Grace"/>.</summary>
    private static void Stop(Process process)
    {
        try
        {
            if (OperatingSystem.IsWindows() || Kill(process.Id, 15) != 0)
            {
                process.Kill(entireProcessTree: true);
                return;
            }

            _ = Task.Delay(Grace).ContinueWith(_ =>
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already ended (and perhaps disposed): nothing to do.
                }
            }, TaskScheduler.Default);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Ended in the meantime.
        }
    }

    // .NET sends only SIGKILL (Process.Kill); passing SIGTERM on lets the child tidy up as this process does.
#pragma warning disable SYSLIB1054, CA5392 // A plain int→int call: no marshalling, no unsafe code for LibraryImport's sake.
    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054, CA5392
}
