using System.Text.RegularExpressions;

namespace NinNotebooks.Training;

/// <summary>
/// A training run's folder, held for the run's lifetime. Opening one checks, before any work starts, that it is a
/// folder this process can write to, takes its lock file (so a second run into the same folder is refused instead of
/// overwriting the first), and refuses a folder holding files that no run wrote: a run only ever writes
/// <see cref="FileNames"/>, its lock file and the temporary files of its atomic writes. Temporary files left by a run
/// that was killed are removed.
/// </summary>
/// <remarks>
/// The lock is an exclusive lock on <see cref="LockFileName"/> held through an open handle: the operating system
/// releases it when the process ends, however it ends, so a killed run never leaves a folder locked. The lock file
/// stays in a folder that holds a run (removing it could let two runs each lock a different file of the same name).
/// </remarks>
public sealed partial class RunFolder : IDisposable
{
    /// <summary>The lock file's name inside the run folder.</summary>
    public const string LockFileName = ".nin-run.lock";

    // Linux and macOS report a lock held elsewhere as EWOULDBLOCK; Windows as a sharing violation.
    private static readonly int[] LockedErrors = [11, 35, unchecked((int)0x80070020)];

    private readonly FileStream _lock;
    private readonly bool _createdFolder;

    private RunFolder(string path, FileStream lockStream, bool createdFolder, IReadOnlyList<string> removed)
    {
        Path = path;
        _lock = lockStream;
        _createdFolder = createdFolder;
        RemovedTemporaryFiles = removed;
    }

    /// <summary>The files a run writes into its folder.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["last.ckpt", "best.ckpt", "history.json", "history.csv", "config.json", "report.md"];

    /// <summary>The folder (full path).</summary>
    public string Path { get; }

    /// <summary>The last checkpoint (see <see cref="Trainer.LastCheckpoint"/>).</summary>
    public string LastCheckpoint => Trainer.LastCheckpoint(Path);

    /// <summary>The best checkpoint (see <see cref="Trainer.BestCheckpoint"/>).</summary>
    public string BestCheckpoint => Trainer.BestCheckpoint(Path);

    /// <summary>True when the folder holds a last checkpoint (an epoch of the run finished).</summary>
    public bool HasCheckpoint => File.Exists(LastCheckpoint);

    /// <summary>Temporary files of a run that was killed mid-write, removed when the folder was opened.</summary>
    public IReadOnlyList<string> RemovedTemporaryFiles { get; }

    /// <summary>
    /// Opens <paramref name="path"/> for a new run: it must not exist (it is created), or be empty but for what a run
    /// killed before its first checkpoint leaves (its lock and temporary files).
    /// </summary>
    /// <exception cref="ArgumentException">The folder is a file, lies through a symbolic link that loops, holds a run, or holds files that are not a run's.</exception>
    /// <exception cref="IOException">The folder cannot be created or written, or another run holds it.</exception>
    public static RunFolder Start(string path) => Open(path, resume: false);

    /// <summary>
    /// Opens the folder of a run to continue it. It must exist; <see cref="HasCheckpoint"/> is false when it holds only
    /// the leftovers of a run killed before its first epoch finished (the run then starts from the beginning).
    /// </summary>
    /// <exception cref="ArgumentException">The folder does not exist, or holds no run.</exception>
    /// <exception cref="IOException">The folder cannot be written, or another run holds it.</exception>
    public static RunFolder Resume(string path) => Open(path, resume: true);

    /// <summary>
    /// Releases the lock. When nothing of the run was written (it failed before its first epoch ended), the lock file
    /// is removed too, and the folder if this opening created it: a run that never got going leaves nothing behind.
    /// </summary>
    public void Dispose() => Release(removeLock: !FileNames.Any(name => Exists(System.IO.Path.Combine(Path, name))));

    private void Release(bool removeLock)
    {
        try
        {
            if (removeLock)
            {
                // Removed while still locked, so no other run can be holding this file.
                File.Delete(System.IO.Path.Combine(Path, LockFileName));
                if (_createdFolder && !Directory.EnumerateFileSystemEntries(Path).Any())
                {
                    Directory.Delete(Path);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying up is best effort; the lock is released below either way.
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private static RunFolder Open(string path, bool resume)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        if (PathChecks.LinkLoop(full) is { } loop)
        {
            throw new ArgumentException(loop == full
                ? $"The run folder {full} is a symbolic link that loops (following it never reaches a folder); choose another --out."
                : $"The run folder {full} cannot be reached: {loop} is a symbolic link that loops; choose another --out.");
        }

        if (File.Exists(full))
        {
            throw new ArgumentException($"The run folder {full} is a file, not a folder; choose a folder for --out.");
        }

        var created = false;
        if (!Directory.Exists(full))
        {
            if (resume)
            {
                throw new ArgumentException($"--resume: {Trainer.LastCheckpoint(full)} does not exist; there is no run to continue in {full}.");
            }

            try
            {
                Directory.CreateDirectory(full);
                created = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Cannot create the run folder {full} ({e.Message}); choose a folder you can write to.", e);
            }
        }

        var lockExisted = Exists(System.IO.Path.Combine(full, LockFileName));
        var lockStream = TakeLock(full);
        RunFolder? folder = null;
        try
        {
            CheckWritable(full);
            var entries = Directory.EnumerateFileSystemEntries(full).Select(e => System.IO.Path.GetFileName(e)!).Order(StringComparer.Ordinal).ToList();
            var temporary = entries.Where(e => IsOwnTemporaryFile(full, e)).ToList();
            var rest = entries.Except(temporary).Where(e => e != LockFileName).ToList();
            var hasCheckpoint = rest.Contains("last.ckpt");
            if (!resume && hasCheckpoint)
            {
                throw new ArgumentException($"{full} already holds a run; continue it with --resume, or choose another --out.");
            }

            if (!resume && rest.Count > 0)
            {
                var names = rest.Select(e => Directory.Exists(System.IO.Path.Combine(full, e)) && !IsLink(System.IO.Path.Combine(full, e)) ? e + "/" : e);
                throw new ArgumentException($"{full} is not empty and holds no run ({string.Join(", ", names)}); choose an empty or new folder for --out.");
            }

            if (resume && !hasCheckpoint && rest.Count > 0)
            {
                throw new ArgumentException($"--resume: {Trainer.LastCheckpoint(full)} does not exist; there is no run to continue in {full}.");
            }

            // Only now is the folder known to be a run's: its stale temporary files are ours to remove.
            var removed = new List<string>();
            foreach (var name in temporary)
            {
                var file = System.IO.Path.Combine(full, name);
                File.Delete(file);
                removed.Add(file);
            }

            folder = new RunFolder(full, lockStream, created, removed);
            return folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write in the run folder {full} ({e.Message}); choose a folder you can write to.", e);
        }
        finally
        {
            if (folder is null)
            {
                // Refused: leave the folder as it was found.
                new RunFolder(full, lockStream, created, []).Release(removeLock: !lockExisted);
            }
        }
    }

    private static FileStream TakeLock(string folder)
    {
        var path = System.IO.Path.Combine(folder, LockFileName);
        try
        {
            // FileShare.None takes an exclusive lock on the file (flock on Linux), held until the handle is closed.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            if (!File.Exists(path))
            {
                // A run that was ending removed the file between our open and our lock: the lock is not on the path.
                stream.Dispose();
                throw new IOException($"{path} was removed while it was being locked; try again.");
            }

            return stream;
        }
        catch (IOException e) when (LockedErrors.Contains(e.HResult))
        {
            throw new IOException($"{folder} is in use by another training run (it holds {path}); wait for that run to end, or choose another --out.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write in the run folder {folder} ({e.Message}); choose a folder you can write to.", e);
        }
    }

    /// <summary>A run renames temporary files into place, so it must be able to create files in the folder itself.</summary>
    private static void CheckWritable(string folder)
    {
        var probe = System.IO.Path.Combine(folder, $".nin-write-check.{Guid.NewGuid():N}.tmp");
        using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
        }
    }

    /// <summary>A regular file named as <see cref="AtomicFile"/> names its temporary file for one of the run's files.</summary>
    private static bool IsOwnTemporaryFile(string folder, string name)
    {
        var match = TemporaryName().Match(name);
        if (!match.Success || !FileNames.Contains(match.Groups["file"].Value))
        {
            return false;
        }

        var info = new FileInfo(System.IO.Path.Combine(folder, name));
        return info.Exists && info.LinkTarget is null;
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>A file, folder or link (even a dangling one) at <paramref name="path"/>.</summary>
    private static bool Exists(string path) => System.IO.Path.Exists(path) || IsLink(path);

    [GeneratedRegex(@"^\.(?<file>.+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TemporaryName();
}
