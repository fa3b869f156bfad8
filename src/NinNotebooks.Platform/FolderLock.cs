namespace NinNotebooks.Platform;

/// <summary>
/// An exclusive lock on a folder for one process, so that two runs writing into the same folder are refused instead of
/// mixing their files. The lock is an exclusive lock (flock on Linux and macOS, a sharing lock on Windows) on a lock file
/// in the folder, held through an open handle: the operating system releases it when the process ends, however it ends,
/// so a killed run never leaves a folder locked. The file itself stays (removing it could let two runs each lock a
/// different file of the same name).
/// </summary>
internal sealed class FolderLock : IDisposable
{
    // Linux and macOS report a lock held elsewhere as EWOULDBLOCK; Windows as a sharing violation.
    private static readonly int[] LockedErrors = [11, 35, unchecked((int)0x80070020)];

    private readonly FileStream _stream;

    private FolderLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock on <paramref name="folder"/> through its file <paramref name="fileName"/>.</summary>
    /// <param name="folder">An existing folder.</param>
    /// <param name="fileName">The lock file's name in it.</param>
    /// <param name="holder">What holds such a lock, for the message ("another training run").</param>
    /// <exception cref="IOException">Another process holds the lock (the message says so), or the file cannot be created.</exception>
    public static FolderLock Take(string folder, string fileName, string holder)
    {
        var path = System.IO.Path.Combine(folder, fileName);
        FileStream stream;
        try
        {
            // FileShare.None takes the exclusive lock, held until the handle is closed.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (LockedErrors.Contains(e.HResult))
        {
            throw new IOException($"{folder} is in use by {holder} (it holds {path}); wait for it to end, or choose another folder.", e);
        }

        if (!File.Exists(path))
        {
            // A process that was ending removed the file between our open and our lock: the lock is not on the path.
            stream.Dispose();
            throw new IOException($"{path} was removed while it was being locked; try again.");
        }

        return new FolderLock(path, stream);
    }

    /// <summary>Releases the lock; with <paramref name="removeFile"/> the lock file is removed first, while still held.</summary>
    public void Release(bool removeFile)
    {
        try
        {
            if (removeFile)
            {
                File.Delete(Path);
            }
        }
        finally
        {
            _stream.Dispose();
        }
    }

    /// <summary>Releases the lock and keeps the lock file.</summary>
    public void Dispose() => Release(removeFile: false);
}
