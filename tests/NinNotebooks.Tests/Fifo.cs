using System.Runtime.InteropServices;
using Xunit;

namespace NinNotebooks.Tests;

/// <summary>Makes a named pipe (FIFO) through mkfifo(3), without starting a process: a file that blocks whoever opens it to read.</summary>
internal static class Fifo
{
    /// <summary>
    /// Runs <paramref name="action"/>, which must not open the FIFO at <paramref name="fifo"/> (opening it to read waits
    /// for a writer), and returns what it threw. When it is still waiting after 30 s the test fails, and the FIFO is
    /// opened so that the stuck call ends.
    /// </summary>
    public static async Task<Exception?> ThrownWithoutOpening(string fifo, Action action)
    {
        var run = Task.Run(() => Record.Exception(action));
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) != run)
        {
            // Opened for reading and writing, a FIFO never waits, and it lets a stuck reader or writer go on.
            await using (new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite))
            {
            }

            Assert.Fail($"it waited on the FIFO {fifo}");
        }

        return await run;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static void Create(string path)
    {
        if (MakeFifo(path, Convert.ToUInt32("644", 8)) != 0)
        {
            throw new IOException($"mkfifo {path} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

#pragma warning disable SYSLIB1054, CA5392, CA2101 // A plain call; the path is passed as UTF-8 by the runtime on Unix.
    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
#pragma warning restore SYSLIB1054, CA5392, CA2101
}
