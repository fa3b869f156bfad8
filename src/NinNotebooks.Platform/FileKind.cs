using System.Runtime.InteropServices;

namespace NinNotebooks.Platform;

/// <summary>
/// Whether a path is a regular file. .NET reports FIFOs, sockets and devices as ordinary files (File.Exists is true,
/// FileAttributes.Normal) and opening a FIFO blocks until someone writes to it, so a command that reads or replaces a
/// file asks here first. Linux answers through statx(2), whose layout is the same on every architecture; macOS
/// through stat(2); Windows has no such files in its file system.
/// </summary>
internal static class FileKind
{
    private const int FileTypeMask = 0xF000;   // S_IFMT
    private const int RegularFile = 0x8000;    // S_IFREG
    private const int AtCurrentDirectory = -100;

    /// <summary>
    /// True when <paramref name="path"/> exists and is something other than a regular file or a folder (a FIFO, a
    /// socket, a device), following symbolic links.
    /// </summary>
    public static bool IsSpecial(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Mode(path) is { } mode && (mode & FileTypeMask) is not RegularFile and not 0x4000;
    }

    /// <summary>The st_mode of <paramref name="path"/> (links followed), or null where it does not exist or the system has no such files.</summary>
    private static int? Mode(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var buffer = new byte[256];   // struct statx; stx_mode is the 16-bit field at offset 28
            return Statx(AtCurrentDirectory, path, 0, 0x2 /* STATX_MODE */, buffer) == 0 ? BitConverter.ToUInt16(buffer, 28) : null;
        }

        if (OperatingSystem.IsMacOS())
        {
            var buffer = new byte[256];   // Darwin's 64-bit struct stat; st_mode is the 16-bit field after the 32-bit st_dev
            return Stat(path, buffer) == 0 ? BitConverter.ToUInt16(buffer, 4) : null;
        }

        return null;
    }

#pragma warning disable SYSLIB1054, CA5392, CA2101 // Plain calls with a byte buffer; the path is passed as UTF-8 by the runtime on Unix.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
#pragma warning restore SYSLIB1054, CA5392, CA2101
}
