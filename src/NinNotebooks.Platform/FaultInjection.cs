using System.Diagnostics;
using System.Globalization;

namespace NinNotebooks;

/// <summary>
/// A hook for crash tests, off unless its environment variable is set: with <c>NIN_TEST_KILL_AT_RENAME=N</c> the
/// process kills itself with SIGKILL (as <c>kill -9</c> or a power cut would: no cleanup, no finally blocks) just
/// before the N-th rename <see cref="AtomicFile"/> makes, when the temporary file is complete but not yet in place.
/// The tests use it to stop a training run at every write point and check that <c>--resume</c> repairs the folder.
/// </summary>
internal static class FaultInjection
{
    /// <summary>The environment variable holding N.</summary>
    public const string KillAtRenameVariable = "NIN_TEST_KILL_AT_RENAME";

    private static readonly int KillAtRename =
        int.TryParse(Environment.GetEnvironmentVariable(KillAtRenameVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static int _renames;

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
}
