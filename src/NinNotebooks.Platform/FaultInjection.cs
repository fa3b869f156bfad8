using System.Diagnostics;
using System.Globalization;

namespace NinNotebooks.Platform;

/// <summary>
/// A hook for crash tests, off unless its environment variable is set: with <c>NIN_TEST_KILL_AT_RENAME=N</c> the
/// process kills itself with SIGKILL (as <c>kill -9</c> or a power cut would: no cleanup, no finally blocks) just
/// before the N-th rename <see cref="AtomicFile"/> makes, when the temporary file is complete but not yet in place.
/// The tests use it to stop a training run at every write point and check that <c>--resume</c> repairs the folder.
/// With <c>NIN_TEST_DISK_FULL_AT_WRITE=N</c> the N-th file write that calls <see cref="BeforeWrite"/> fails as on a full
/// disk, from then on every one, so tests can check what a failed export leaves behind without filling a disk.
/// With <c>NIN_TEST_HOLD_BEFORE_PUBLISH=PATH</c> a writer that calls <see cref="BeforePublish"/> creates
/// <c>PATH.waiting</c> and waits until PATH exists, so a test can let a second writer in at exactly that point.
/// </summary>
internal static class FaultInjection
{
    /// <summary>The environment variable holding N.</summary>
    public const string KillAtRenameVariable = "NIN_TEST_KILL_AT_RENAME";

    private static readonly int KillAtRename =
        int.TryParse(Environment.GetEnvironmentVariable(KillAtRenameVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>The environment variable holding the number of the write that finds the disk full.</summary>
    public const string DiskFullAtWriteVariable = "NIN_TEST_DISK_FULL_AT_WRITE";

    private static readonly int DiskFullAtWrite =
        int.TryParse(Environment.GetEnvironmentVariable(DiskFullAtWriteVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 0;

    /// <summary>The environment variable holding the path of the file that releases a held publish.</summary>
    public const string HoldBeforePublishVariable = "NIN_TEST_HOLD_BEFORE_PUBLISH";

    private static int _renames;

    private static int _writes;

    /// <summary>Called by <see cref="AtomicFile"/> before each rename.</summary>
    public static void BeforeRename()
    {
        if (KillAtRename > 0 && Interlocked.Increment(ref _renames) == KillAtRename)
        {
            using var self = Process.GetCurrentProcess();
            self.Kill();
            Thread.Sleep(Timeout.Infinite);   // SIGKILL arrives asynchronously; never go on to the rename
        }
    }

    /// <summary>Called when a finished folder is about to be put in place: holds there while the variable asks for it (at most five minutes).</summary>
    public static void BeforePublish()
    {
        if (Environment.GetEnvironmentVariable(HoldBeforePublishVariable) is not { Length: > 0 } release)
        {
            return;
        }

        File.WriteAllText(release + ".waiting", "");
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!File.Exists(release) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
    }

    /// <summary>Called before a file is written: throws, as a full disk would, from the configured write on.</summary>
    /// <exception cref="IOException">No space left on device (only when the variable asks for it).</exception>
    public static void BeforeWrite(string path)
    {
        if (DiskFullAtWrite > 0 && Interlocked.Increment(ref _writes) >= DiskFullAtWrite)
        {
            throw new IOException($"No space left on device : '{path}'");
        }
    }
}
