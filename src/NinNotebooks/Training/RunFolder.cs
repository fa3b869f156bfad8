using NinNotebooks.Platform;
namespace NinNotebooks.Training;

/// <summary>
/// A training run's folder, held for the run's lifetime. Opening one checks, before any work starts, that it is a
/// folder this process can write to, takes its lock file (so a second run into the same folder is refused instead of
/// overwriting the first), and refuses a folder holding files that no run wrote: a run only ever writes
/// <see cref="FileNames"/>, its lock file and the temporary files of its atomic writes. Temporary files left by a run
/// that was killed are removed.
/// </summary>
/// <remarks>
/// The folder owns its files' names, its checkpoints' paths, the report (<see cref="WriteReport"/>) and the epoch's
/// writes and repair (<see cref="TrainerCheckpoints"/>). The lock is a <see cref="FolderLock"/> on
/// <see cref="LockFileName"/>: the operating system releases it when the process ends, however it ends, so a killed run
/// never leaves a folder locked. The lock file stays in a folder that holds a run.
/// </remarks>
public sealed class RunFolder : IDisposable
{
    /// <summary>The lock file's name inside the run folder.</summary>
    public const string LockFileName = ".nin-run.lock";

    /// <summary>The last checkpoint's file name.</summary>
    public const string LastCheckpointName = "last.ckpt";

    /// <summary>The best checkpoint's file name.</summary>
    public const string BestCheckpointName = "best.ckpt";

    /// <summary>The history's file names (JSON and CSV).</summary>
    public const string HistoryJsonName = "history.json", HistoryCsvName = "history.csv";

    /// <summary>The configuration's file name.</summary>
    public const string ConfigName = "config.json";

    /// <summary>The report's file name (<see cref="WriteReport"/>).</summary>
    public const string ReportName = "report.md";

    private readonly FolderLock _lock;
    private readonly bool _createdFolder;
    private readonly Naming _naming;

    private RunFolder(string path, FolderLock lockStream, bool createdFolder, IReadOnlyList<string> removed, Naming naming)
    {
        Path = path;
        _lock = lockStream;
        _createdFolder = createdFolder;
        RemovedTemporaryFiles = removed;
        _naming = naming;
    }

    /// <summary>
    /// How the caller lets its user choose the folder and ask to resume, for messages: a command line gives its option
    /// names (<c>--out</c>, <c>--resume</c>); the library's own messages say "another folder" and "resume it".
    /// </summary>
    /// <param name="FolderOption">What chooses the run folder, e.g. "--out"; null for plain words.</param>
    /// <param name="ResumeOption">What asks to resume, e.g. "--resume"; null for plain words.</param>
    public sealed record Naming(string? FolderOption = null, string? ResumeOption = null)
    {
        internal string ChooseAnother => FolderOption is { } o ? $"choose another {o}" : "choose another folder";

        internal string ForFolder => FolderOption is { } o ? $" for {o}" : "";

        internal string ContinueIt => ResumeOption is { } o ? $"continue it with {o}" : "resume it";

        internal string ResumeTag => ResumeOption is { } o ? $"{o}: " : "Resume: ";
    }

    /// <summary>The files a run writes into its folder.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [LastCheckpointName, BestCheckpointName, HistoryJsonName, HistoryCsvName, ConfigName, ReportName];

    /// <summary>The last checkpoint in the run folder <paramref name="runDirectory"/>.</summary>
    public static string LastCheckpointOf(string runDirectory) => System.IO.Path.Combine(runDirectory, LastCheckpointName);

    /// <summary>The best checkpoint (highest test accuracy) in the run folder <paramref name="runDirectory"/>.</summary>
    public static string BestCheckpointOf(string runDirectory) => System.IO.Path.Combine(runDirectory, BestCheckpointName);

    /// <summary>
    /// The run folder a notebook trains into, runs/notebook-NN beside the notebooks folder (a notebook runs in
    /// notebooks/), e.g. <c>RunFolder.OfNotebook(6)</c>; what notebook 7 looks for.
    /// </summary>
    public static string OfNotebook(int number) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine("..", "runs", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"notebook-{number:00}")));

    /// <summary>The folder (full path).</summary>
    public string Path { get; }

    /// <summary>The last checkpoint (see <see cref="LastCheckpointOf"/>).</summary>
    public string LastCheckpoint => LastCheckpointOf(Path);

    /// <summary>The best checkpoint (see <see cref="BestCheckpointOf"/>).</summary>
    public string BestCheckpoint => BestCheckpointOf(Path);

    /// <summary>The report (<see cref="ReportName"/>).</summary>
    public string Report => System.IO.Path.Combine(Path, ReportName);

    /// <summary>Writes the run's report (<see cref="TrainingReport.Markdown"/>) to <see cref="Report"/>, atomically, and returns its path.</summary>
    public string WriteReport(TrainingConfig config, TrainingHistory history, long parameters, string device)
    {
        AtomicFile.WriteAllText(Report, TrainingReport.Markdown(config, history, parameters, device));
        return Report;
    }

    /// <summary>True when the folder holds a last checkpoint (an epoch of the run finished).</summary>
    public bool HasCheckpoint => File.Exists(LastCheckpoint);

    /// <summary>Temporary files of a run that was killed mid-write, removed when the folder was opened.</summary>
    public IReadOnlyList<string> RemovedTemporaryFiles { get; }

    /// <summary>
    /// Opens <paramref name="path"/> for a new run: it must not exist (it is created), or be empty but for what a run
    /// killed before its first checkpoint leaves (its lock and temporary files).
    /// </summary>
    /// <param name="path">The folder.</param>
    /// <param name="naming">How messages name the caller's choices (its options), or null for plain words.</param>
    /// <exception cref="ArgumentException">The folder is a file, lies through a symbolic link that loops, holds a run, or holds files that are not a run's.</exception>
    /// <exception cref="IOException">The folder cannot be created or written, or another run holds it.</exception>
    public static RunFolder Start(string path, Naming? naming = null) => Open(path, resume: false, naming ?? new Naming());

    /// <summary>
    /// Opens the folder of a run to continue it. It must exist; <see cref="HasCheckpoint"/> is false when it holds only
    /// the leftovers of a run killed before its first epoch finished (the run then starts from the beginning).
    /// </summary>
    /// <param name="path">The folder.</param>
    /// <param name="naming">How messages name the caller's choices (its options), or null for plain words.</param>
    /// <exception cref="ArgumentException">The folder does not exist, or holds no run.</exception>
    /// <exception cref="IOException">The folder cannot be written, or another run holds it.</exception>
    public static RunFolder Resume(string path, Naming? naming = null) => Open(path, resume: true, naming ?? new Naming());

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
                _lock.Release(removeFile: true);
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

    private static RunFolder Open(string path, bool resume, Naming naming)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        if (PathChecks.LinkLoop(full) is { } loop)
        {
            throw new ArgumentException(loop == full
                ? $"The run folder {full} is a symbolic link that loops (following it never reaches a folder); {naming.ChooseAnother}."
                : $"The run folder {full} cannot be reached: {loop} is a symbolic link that loops; {naming.ChooseAnother}.");
        }

        if (File.Exists(full))
        {
            throw new ArgumentException($"The run folder {full} is a file, not a folder; choose a folder{naming.ForFolder}.");
        }

        var created = false;
        if (!Directory.Exists(full))
        {
            if (resume)
            {
                throw new ArgumentException($"{naming.ResumeTag}{LastCheckpointOf(full)} does not exist; there is no run to continue in {full}.");
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
            var hasCheckpoint = rest.Contains(LastCheckpointName);
            if (!resume && hasCheckpoint)
            {
                throw new ArgumentException($"{full} already holds a run; {naming.ContinueIt}, or {naming.ChooseAnother}.");
            }

            if (!resume && rest.Count > 0)
            {
                var names = rest.Select(e => Directory.Exists(System.IO.Path.Combine(full, e)) && !IsLink(System.IO.Path.Combine(full, e)) ? e + "/" : e);
                throw new ArgumentException($"{full} is not empty and holds no run ({string.Join(", ", names)}); choose an empty or new folder{naming.ForFolder}.");
            }

            if (resume && !hasCheckpoint && rest.Count > 0)
            {
                throw new ArgumentException($"{naming.ResumeTag}{LastCheckpointOf(full)} does not exist; there is no run to continue in {full}.");
            }

            // Only now is the folder known to be a run's: its stale temporary files are ours to remove.
            var removed = new List<string>();
            foreach (var name in temporary)
            {
                var file = System.IO.Path.Combine(full, name);
                File.Delete(file);
                removed.Add(file);
            }

            folder = new RunFolder(full, lockStream, created, removed, naming);
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
                new RunFolder(full, lockStream, created, [], naming).Release(removeLock: !lockExisted);
            }
        }
    }

    private static FolderLock TakeLock(string folder)
    {
        try
        {
            return FolderLock.Take(folder, LockFileName, "another training run");
        }
        catch (UnauthorizedAccessException e)
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

    /// <summary>A regular file named as <see cref="AtomicFile"/> names its temporary file for one of the run's files (<see cref="Ownership"/>).</summary>
    private static bool IsOwnTemporaryFile(string folder, string name) =>
        AtomicFile.TargetOfTemporary(name) is { } target && FileNames.Contains(target)
        && Ownership.Of(System.IO.Path.Combine(folder, name), _ => true) is Ownership.Standing.Ours;

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>A file, folder or link (even a dangling one) at <paramref name="path"/>.</summary>
    private static bool Exists(string path) => System.IO.Path.Exists(path) || IsLink(path);
}
