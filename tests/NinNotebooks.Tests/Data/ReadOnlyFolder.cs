using System.Diagnostics;

namespace NinNotebooks.Tests.Data;

/// <summary>
/// Makes a folder read-only for the duration of a test, even for root (who ignores permission bits): mode 0555 plus
/// the immutable attribute. Fails the test if the folder can still be written, so the test never passes vacuously.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class ReadOnlyFolder : IDisposable
{
    private readonly string _path;

    private ReadOnlyFolder(string path) => _path = path;

    public static ReadOnlyFolder Lock(string path)
    {
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Chattr("+i", path);
        var folder = new ReadOnlyFolder(path);
        try
        {
            File.WriteAllText(Path.Combine(path, "probe"), "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return folder;
        }

        folder.Dispose();
        File.Delete(Path.Combine(path, "probe"));
        throw new InvalidOperationException($"Could not make {path} read-only on this machine (needs chmod for users, or chattr +i for root).");
    }

    public void Dispose()
    {
        Chattr("-i", _path);
        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void Chattr(string flag, string path)
    {
        if (Environment.UserName != "root")
        {
            return;
        }

        using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true });
        process?.WaitForExit();
    }
}
