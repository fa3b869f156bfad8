namespace NinNotebooks.Tests;

/// <summary>
/// A small tmpfs mounted for a disk-full test, so the code under test meets a real ENOSPC from the kernel. Mounting
/// needs root (the tests run as root here and in CI); where it is refused the test fails with the reason rather than
/// passing vacuously.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    public static SmallDisk Mount(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        var mount = ChildProcess.Run("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path], "/");
        if (mount.ExitCode != 0)
        {
            throw new InvalidOperationException($"Could not mount a {megabytes} MB tmpfs at {path} for a disk-full test (it needs root): {mount.All}");
        }

        return new SmallDisk(path);
    }

    /// <summary>Fills the disk with a file until about <paramref name="leave"/> bytes are free (0: until a write fails).</summary>
    public void Fill(long leave)
    {
        var chunk = new byte[4096];
        Random.Shared.NextBytes(chunk);
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (new DriveInfo(Path).AvailableFreeSpace > leave)
            {
                filler.Write(chunk);
            }
        }
        catch (IOException) when (leave == 0)
        {
            // Full: the write that failed wrote nothing to keep.
        }
    }

    public void Dispose() => ChildProcess.Run("umount", ["-l", Path], "/");
}
