using System.Runtime.InteropServices;

namespace NinNotebooks.Tests;

/// <summary>Makes a named pipe (FIFO) through mkfifo(3), without starting a process: a file that blocks whoever opens it to read.</summary>
internal static class Fifo
{
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
