using NinNotebooks.Platform;
using NinNotebooks.Training;

namespace NinNotebooks.Tests.Training;

public class RunFolderTests
{
    [Fact]
    public void Start_CreatesTheFolder_HoldsTheLock_AndLeavesNothingWhenNothingWasWritten()
    {
        using var root = new TemporaryDirectory();
        var path = root.File("runs", "a");

        using (var run = RunFolder.Start(path))
        {
            Assert.Equal(path, run.Path);
            Assert.False(run.HasCheckpoint);
            Assert.True(File.Exists(Path.Combine(path, RunFolder.LockFileName)));
        }

        // Nothing was trained: the folder it made is gone again (its parent, which existed before, stays).
        Assert.False(Directory.Exists(path));
        Assert.True(Directory.Exists(root.File("runs")));
    }

    [Fact]
    public void ASecondRunIntoALockedFolder_IsRefused_UntilTheFirstEnds()
    {
        using var root = new TemporaryDirectory();
        using (var first = RunFolder.Start(root.File("run")))
        {
            File.WriteAllText(first.LastCheckpoint, "first run's checkpoint");

            var start = Assert.Throws<IOException>(() => RunFolder.Start(root.File("run")));
            var resume = Assert.Throws<IOException>(() => RunFolder.Resume(root.File("run")));

            foreach (var error in new[] { start, resume })
            {
                Assert.Equal($"{root.File("run")} is in use by another training run (it holds {root.File("run", RunFolder.LockFileName)}); wait for it to end, or choose another folder.", error.Message);
            }

            Assert.Equal("first run's checkpoint", File.ReadAllText(first.LastCheckpoint));
        }

        // The lock goes with the run that held it; the run's files keep the lock file.
        using var later = RunFolder.Resume(root.File("run"));
        Assert.True(later.HasCheckpoint);
    }

    [Fact]
    public void AFolderHoldingSomeoneElsesFiles_IsRefused_AndLeftExactlyAsItWas()
    {
        using var root = new TemporaryDirectory();
        var path = root.File("S");
        Directory.CreateDirectory(Path.Combine(path, "p"));
        File.WriteAllText(Path.Combine(path, "thesis.txt"), "x");
        File.WriteAllText(Path.Combine(path, "p", "a.jpg"), "x");

        // The same names a run writes, but no checkpoint: not a run, and not ours to overwrite.
        File.WriteAllText(Path.Combine(path, "config.json"), "mine");
        File.WriteAllText(Path.Combine(path, "report.md"), "mine");
        File.WriteAllText(Path.Combine(path, "history.csv"), "mine");
        var before = Snapshot(path);

        var start = Assert.Throws<ArgumentException>(() => RunFolder.Start(path));
        var resume = Assert.Throws<ArgumentException>(() => RunFolder.Resume(path));

        Assert.Equal($"{path} is not empty and holds no run (config.json, history.csv, p/, report.md, thesis.txt); choose an empty or new folder.", start.Message);
        Assert.Equal($"Resume: {Path.Combine(path, "last.ckpt")} does not exist; there is no run to continue in {path}.", resume.Message);
        Assert.Equal(before, Snapshot(path));
    }

    [Fact]
    public void ALinkToAFolderOfSomeoneElsesFiles_IsRefusedToo()
    {
        using var root = new TemporaryDirectory();
        Directory.CreateDirectory(root.File("nbs"));
        File.WriteAllText(root.File("nbs", "ok.ipynb"), "{}");
        File.CreateSymbolicLink(root.File("L"), root.File("nbs"));
        var before = Snapshot(root.Path);

        var error = Assert.Throws<ArgumentException>(() => RunFolder.Start(root.File("L")));

        Assert.Contains("is not empty and holds no run (ok.ipynb)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(root.Path));
    }

    [Fact]
    public void AnExistingRun_NeedsResume()
    {
        using var root = new TemporaryDirectory();
        Directory.CreateDirectory(root.File("run"));
        File.WriteAllText(root.File("run", "last.ckpt"), "keep");

        var error = Assert.Throws<ArgumentException>(() => RunFolder.Start(root.File("run")));

        Assert.Equal($"{root.File("run")} already holds a run; resume it, or choose another folder.", error.Message);
        Assert.Equal(["last.ckpt"], Directory.GetFileSystemEntries(root.File("run")).Select(Path.GetFileName));
    }

    [Fact]
    public void ResumingAFolderThatDoesNotExist_CreatesNothing()
    {
        using var root = new TemporaryDirectory();

        var error = Assert.Throws<ArgumentException>(() => RunFolder.Resume(root.File("run")));

        Assert.StartsWith("Resume: ", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }

    [Fact]
    public void StaleTemporaryFilesOfTheRun_AreRemoved_OthersAreNot()
    {
        using var root = new TemporaryDirectory();
        var path = root.File("run");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "last.ckpt"), "checkpoint");
        File.WriteAllText(Path.Combine(path, RunFolder.LockFileName), "");
        var stale = Path.Combine(path, $".best.ckpt.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(stale, "half a checkpoint from a killed run");
        var notOurs = Path.Combine(path, ".notes.txt.tmp");
        File.WriteAllText(notOurs, "mine");
        var linked = Path.Combine(path, $".history.json.{Guid.NewGuid():N}.tmp");
        File.CreateSymbolicLink(linked, notOurs);
        var fifo = Path.Combine(path, $".config.json.{Guid.NewGuid():N}.tmp");   // no run makes a FIFO: not ours to remove
        if (!OperatingSystem.IsWindows())
        {
            Fifo.Create(fifo);
        }

        using var run = RunFolder.Resume(path);

        Assert.Equal([stale], run.RemovedTemporaryFiles);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(notOurs));
        Assert.NotNull(new FileInfo(linked).LinkTarget);
        Assert.Equal(!OperatingSystem.IsWindows(), FileKind.IsSpecial(fifo));
    }

    [Fact]
    public void AFolderHoldingOnlyTheLeftoversOfARunKilledInItsFirstEpoch_CanBeStartedOrResumed()
    {
        using var root = new TemporaryDirectory();
        var path = root.File("run");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, RunFolder.LockFileName), "");
        File.WriteAllText(Path.Combine(path, $".last.ckpt.{Guid.NewGuid():N}.tmp"), "half");

        using (var resumed = RunFolder.Resume(path))
        {
            Assert.False(resumed.HasCheckpoint);
            Assert.Single(resumed.RemovedTemporaryFiles);
        }

        File.WriteAllText(Path.Combine(path, $".last.ckpt.{Guid.NewGuid():N}.tmp"), "half");
        using var started = RunFolder.Start(path);
        Assert.Single(started.RemovedTemporaryFiles);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("under-a-file")]
    [InlineData("proc")]
    public void AFolderThatCannotBeWritten_IsRefusedBeforeAnyWork(string kind)
    {
        using var root = new TemporaryDirectory();
        File.WriteAllText(root.File("afile"), "x");
        var path = kind switch
        {
            "file" => root.File("afile"),
            "under-a-file" => root.File("afile", "run"),
            _ => $"/proc/nin-run-{Guid.NewGuid():N}",
        };

        var error = Assert.ThrowsAny<Exception>(() => RunFolder.Start(path));

        Assert.True(error is IOException or ArgumentException or UnauthorizedAccessException, error.ToString());
        Assert.StartsWith(kind == "file" ? $"The run folder {path} is a file" : $"Cannot create the run folder {path}", error.Message, StringComparison.Ordinal);
        Assert.Equal(["afile"], Directory.GetFileSystemEntries(root.Path).Select(Path.GetFileName));
        Assert.Equal("x", File.ReadAllText(root.File("afile")));
    }

    [Fact]
    public void ARunFolderThatIsALinkThatLoops_OrLiesBeyondOne_IsNamedAsSuch()
    {
        using var root = new TemporaryDirectory();
        var loop = root.File("loop");
        File.CreateSymbolicLink(loop, loop);

        var itself = Assert.Throws<ArgumentException>(() => RunFolder.Start(loop));
        var beyond = Assert.Throws<ArgumentException>(() => RunFolder.Start(Path.Combine(loop, "run")));
        var resumed = Assert.Throws<ArgumentException>(() => RunFolder.Resume(Path.Combine(loop, "run")));

        Assert.Equal($"The run folder {loop} is a symbolic link that loops (following it never reaches a folder); choose another folder.", itself.Message);
        Assert.Equal($"The run folder {Path.Combine(loop, "run")} cannot be reached: {loop} is a symbolic link that loops; choose another folder.", beyond.Message);
        Assert.Equal(beyond.Message, resumed.Message);
        Assert.Equal(["loop"], Directory.GetFileSystemEntries(root.Path).Select(Path.GetFileName));
    }

    private static string Snapshot(string dir) => string.Join("\n", Directory
        .EnumerateFileSystemEntries(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        .Order(StringComparer.Ordinal)
        .Select(p => File.Exists(p) ? $"{p} {File.ReadAllText(p)}" : p));
}
