using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NinNotebooks.Training;
using NinNotebooks.Platform;

namespace NinNotebooks.Tests.Cli.Commands;

[Trait(TestCategory.Name, TestCategory.Integration)]
public class TrainCommandTests(TrainedRun trained) : IClassFixture<TrainedRun>
{
    [Fact]
    public void OnTheSyntheticStandIn_NiNLearnsWellAboveChance_AndTheRunCanBeResumed()
    {
        using var root = new TemporaryDirectory();
        string[] common =
        [
            "train", "--model", "nin-cifar10", "--dataset", "synthetic", "--data-dir", root.Path, "--out", root.File("run"),
            "--subset", "1500", "--test-subset", "300", "--batch-size", "32", "--device", "cpu",
        ];

        // The first epoch on the default path (the CPU fast path where the CPU has bfloat16), the second in float32:
        // checkpoints are float32 either way, so a run may change precision on resume.
        var first = Nin.Run([.. common, "--epochs", "1"]);
        var resumed = Nin.Run([.. common, "--epochs", "2", "--resume", "--precision", "float32"]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("*** SYNTHETIC data", first.Output);
        Assert.Contains("Resuming", resumed.Output);
        Assert.Contains("after epoch 1.", resumed.Output);
        Assert.Contains($"device cpu ({ComputePath.Resolve(TorchSharp.torch.CPU)}).", first.Output);
        Assert.Contains("device cpu (float32, channels-first).", resumed.Output);
        var last = Regex.Match(resumed.OutputLines[^1], @"^test accuracy: (\d+\.\d\d) %$");
        Assert.True(last.Success, resumed.OutputLines[^1]);
        var accuracy = double.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 70, $"NiN with the default recipe reached {accuracy}% on the 10-class synthetic data after 2 epochs; chance is 10%");
        Assert.True(TrainingConfig.FromJson(File.ReadAllText(root.File("run", "config.json"))).BatchNorm);

        var history = TrainingHistory.FromJson(File.ReadAllText(root.File("run", "history.json")));
        Assert.Equal([1, 2], history.Epochs.Select(e => e.Epoch));
        Assert.True(history.IsSynthetic);
        foreach (var name in new[] { "last.ckpt", "best.ckpt", "history.csv", "config.json", "report.md" })
        {
            Assert.True(File.Exists(root.File("run", name)), name);
        }

        Assert.Contains("SYNTHETIC", File.ReadAllText(root.File("run", "report.md")));
    }

    public static TheoryData<string[], string> InvalidCombinations => new()
    {
        { ["--recipe", "paper", "--lr", "0.5"], "--recipe paper sets --lr itself" },
        { ["--schedule", "step"], "--milestones: the step schedule needs at least one" },
        { ["--milestones", "3"], "--milestones only apply to the step schedule, not to OneCycle" },
        { ["--model", "googlenet"], "error: --batch-norm: the model googlenet has no variant with batch normalisation; set --batch-norm to false.\n" },
        { ["--batch-norm", "maybe"], "maybe" },
        { ["--schedule", "step", "--milestones", "40", "--epochs", "30"], "they must lie between 1 and 29, got [40]" },
        { ["--device", "cuda"], "--device cuda: CUDA is not available here" },
        { ["--model", "resnet"], "resnet" },
        { ["--resume"], "--resume:" },
        { ["--optimizer", "rmsprop"], "Argument 'rmsprop' not recognized. Must be one of:\n\t'sgd'\n\t'adam'" },
        { ["--epochs", "0"], "error: --epochs must be at least 1, got 0.\n" },
        { ["--precision", "half"], "Argument 'half' not recognized. Must be one of:\n\t'auto'\n\t'float32'\n\t'bfloat16'\n\t'float16'" },
        { ["--lr", "1e308"], "error: --lr must be at most 3.4028235E+38 (the largest float32), got 1E+308.\n" },
        { ["--dataset", "mnist", "--recipe", "paper"], "Preprocessing: GCN + ZCA whitening is the paper's CIFAR preprocessing" },
    };

    [Theory]
    [MemberData(nameof(InvalidCombinations))]
    public void InvalidOptions_FailBeforeAnyWork(string[] options, string message)
    {
        using var root = new TemporaryDirectory();

        string[] dataset = options.Contains("--dataset") ? [] : ["--dataset", "synthetic"];

        var result = Nin.Run(["train", .. dataset, "--data-dir", root.Path, "--out", root.File("run"), .. options]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public void AnExistingRun_IsNotOverwrittenWithoutResume()
    {
        using var root = new TemporaryDirectory();
        Directory.CreateDirectory(root.File("run"));
        File.WriteAllText(root.File("run", "last.ckpt"), "keep");

        var result = Nin.Run("train", "--dataset", "synthetic", "--data-dir", root.Path, "--out", root.File("run"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already holds a run; continue it with --resume", result.Error);
        Assert.Equal("keep", File.ReadAllText(root.File("run", "last.ckpt")));
    }

    [Fact]
    public void AModelForOtherImages_IsRejectedWithTheReason()
    {
        using var root = new TemporaryDirectory();

        var result = Nin.Run("train", "--model", "nin-mnist", "--dataset", "synthetic", "--data-dir", root.Path, "--out", root.File("run"), "--epochs", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The model nin-mnist cannot take synthetic CIFAR-format train's 3×32×32 images", result.Error);
        Assert.False(Directory.Exists(root.File("run")));
    }

    [Fact]
    public void AnOutFolderHoldingSomeoneElsesFiles_IsRefused_AndNothingInItChanges()
    {
        using var root = new TemporaryDirectory();
        var folder = root.File("S");
        Directory.CreateDirectory(Path.Combine(folder, "p"));
        foreach (var name in new[] { "thesis.txt", "config.json", "report.md", "history.csv", Path.Combine("p", "a.jpg") })
        {
            File.WriteAllText(Path.Combine(folder, name), $"the user's {name}");
        }

        var result = Nin.Run(["train", .. TrainedRun.Options(root.File("data")), "--out", folder]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {folder} is not empty and holds no run (config.json, history.csv, p/, report.md, thesis.txt); choose an empty or new folder for --out.\n", result.Error);
        Assert.Equal(["config.json", "history.csv", "p", "report.md", "thesis.txt"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("the user's config.json", File.ReadAllText(Path.Combine(folder, "config.json")));
        Assert.False(Directory.Exists(root.File("data")), "no data was loaded or generated");
    }

    [Theory]
    [InlineData("file")]
    [InlineData("proc")]
    public void AnOutThatCannotBeWritten_FailsBeforeAnyWork(string kind)
    {
        using var root = new TemporaryDirectory();
        File.WriteAllText(root.File("afile"), "x");
        var folder = kind == "file" ? root.File("afile") : $"/proc/nin-run-{Guid.NewGuid():N}";

        var result = Nin.Run(["train", .. TrainedRun.Options(root.File("data")), "--out", folder]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(kind == "file" ? $"error: The run folder {folder} is a file, not a folder" : $"error: Cannot create the run folder {folder}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(["afile"], Directory.GetFileSystemEntries(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ARunIntoAFolderInUse_IsRefused()
    {
        using var root = new TemporaryDirectory();
        using var other = RunFolder.Start(root.File("run"));

        var result = Nin.Run(["train", .. TrainedRun.Options(root.File("data")), "--out", root.File("run")]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {root.File("run")} is in use by another training run (it holds {root.File("run", RunFolder.LockFileName)}); wait for it to end, or choose another folder.\n", result.Error);
        Assert.Equal([RunFolder.LockFileName], Directory.GetFileSystemEntries(root.File("run")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACorruptLastCheckpoint_IsReportedBeforeAnyWork_AndTheIntactBestOneIsOffered(bool random)
    {
        using var root = new TemporaryDirectory();
        var run = trained.CopyTo(root.File("run"));
        var last = Path.Combine(run, "last.ckpt");
        var best = Path.Combine(run, "best.ckpt");
        Damage(last, random);
        var history = File.ReadAllText(Path.Combine(run, "history.json"));

        var result = Nin.Run(["train", .. TrainedRun.Options(trained.DataDirectory, epochs: 2), "--out", run, "--resume"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: {last}: the checkpoint is damaged: its SHA-256 checksum does not match its contents", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{best} is intact (saved after epoch 1): to continue from there, copy it over last.ckpt (cp {best} {last})", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Training", result.Output, StringComparison.Ordinal);
        Assert.Equal(history, File.ReadAllText(Path.Combine(run, "history.json")));

        // Following the advice resumes from the intact copy.
        File.Copy(best, last, overwrite: true);
        var resumed = Nin.Run(["train", .. TrainedRun.Options(trained.DataDirectory, epochs: 2), "--out", run, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(2, Checkpoint.ReadHeader(last).CompletedEpochs);

        // With both damaged, nothing is offered.
        Damage(last, random);
        Damage(best, random);
        var neither = Nin.Run(["train", .. TrainedRun.Options(trained.DataDirectory, epochs: 3), "--out", run, "--resume"]);
        Assert.Equal(1, neither.ExitCode);
        Assert.Contains($"{best} cannot stand in for it (it is damaged too)", neither.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumeWithOtherOptions_SaysWhichSettingsDiffer()
    {
        using var root = new TemporaryDirectory();
        var run = trained.CopyTo(root.File("run"));

        var result = Nin.Run(["train", .. TrainedRun.Options(trained.DataDirectory), "--out", run, "--resume", "--batch-norm", "false", "--lr", "0.01", "--seed", "3"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"error: --resume: the run in {run} was trained with other settings: --batch-norm was true, now false; --lr was 0.003, now 0.01; --seed was 0, now 3. Resume with the options it was started with (only --epochs, --device, --precision and --layout may change).\n",
            result.Error);
    }

    [Fact]
    public void ResumeWithAnotherDataFolder_IsRefused()
    {
        using var root = new TemporaryDirectory();
        var run = trained.CopyTo(root.File("run"));

        var result = Nin.Run(["train", .. TrainedRun.Options(root.File("other-data"), epochs: 2), "--out", run, "--resume"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--data-dir was {trained.DataDirectory}, now {root.File("other-data")}", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root.File("other-data")));
    }

    [Fact]
    public void ResumeOnRegeneratedData_IsRefused_NamingWhatChanged()
    {
        using var root = new TemporaryDirectory();
        var data = root.File("data");
        var folder = Path.Combine(data, "synthetic-cifar10");
        var run = root.File("run");
        var synth = Nin.Run("data", "synth", "--out", folder, "--count", "300", "--test-count", "60", "--seed", "1");
        Assert.True(synth.ExitCode == 0, synth.Error);
        var first = Nin.Run(["train", .. TrainedRun.Options(data), "--out", run]);
        Assert.True(first.ExitCode == 0, first.Error);
        Directory.Delete(folder, recursive: true);
        var again = Nin.Run("data", "synth", "--out", folder, "--count", "500", "--test-count", "100", "--seed", "2");
        Assert.True(again.ExitCode == 0, again.Error);
        var history = File.ReadAllText(Path.Combine(run, "history.json"));

        var result = Nin.Run(["train", .. TrainedRun.Options(data, epochs: 2), "--out", run, "--resume"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"error: --resume: the data in {folder} differ from the run's: training images 300 → 500; test images 60 → 100; files changed: data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, synthetic.json, test_batch.bin. Resume on the data the run was trained on, or start a new run with another --out.\n",
            result.Error);
        Assert.DoesNotContain("Training", result.Output, StringComparison.Ordinal);
        Assert.Equal(history, File.ReadAllText(Path.Combine(run, "history.json")));
    }

    [Fact]
    public void ADataDirThatIsAFile_IsNamedAsSuch()
    {
        using var root = new TemporaryDirectory();
        File.WriteAllText(root.File("D"), "x");

        var result = Nin.Run(["train", .. TrainedRun.Options(root.File("D")), "--out", root.File("run")]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: The data folder {root.File("D")} (--data-dir) is a file, not a folder; give a folder (it is created when missing).\n", result.Error);
        Assert.False(Directory.Exists(root.File("run")));
    }

    [Fact]
    public void ADataDirOrOutBeyondALinkThatLoops_IsNamedBeforeAnyWork()
    {
        using var root = new TemporaryDirectory();
        var loop = root.File("loop");
        File.CreateSymbolicLink(loop, loop);

        var data = Nin.Run(["train", .. TrainedRun.Options(Path.Combine(loop, "data")), "--out", root.File("run")]);
        var run = Nin.Run(["train", .. TrainedRun.Options(root.File("data")), "--out", Path.Combine(loop, "run")]);

        Assert.Equal(1, data.ExitCode);
        Assert.Equal($"error: The data folder {Path.Combine(loop, "data")} (--data-dir) cannot be reached: {loop} is a symbolic link that loops; give a folder (it is created when missing).\n", data.Error);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: The run folder {Path.Combine(loop, "run")} cannot be reached: {loop} is a symbolic link that loops; choose another --out.\n", run.Error);
        Assert.Equal(["loop"], Directory.GetFileSystemEntries(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AReadOnlyDataDir_WhereTheSyntheticDataMustBeMade_IsNamedAsNotWritable()
    {
        using var root = new TemporaryDirectory();
        var locked = root.File("locked");
        Directory.CreateDirectory(locked);
        using (NinNotebooks.Tests.Data.ReadOnlyFolder.Lock(locked))
        {
            var result = Nin.Run(["train", .. TrainedRun.Options(locked), "--out", root.File("run")]);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"error: Cannot write {Path.Combine(locked, "synthetic-cifar10")}: the folder {locked} is not writable; choose a folder you can write to.\n", result.Error);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(locked));
        Assert.False(Directory.Exists(root.File("run")));
    }

    [Fact]
    public void KilledAtEveryWriteOfAnEpoch_ResumeGivesTheSameFolderAsARunNeverStopped()
    {
        // Each write of the run folder is a temporary file renamed into place. The hook kills the process (SIGKILL)
        // just before the k-th rename, for k = 1, 2, ... until a run gets through all of them.
        using var root = new TemporaryDirectory();
        var killed = 0;
        for (var k = 1; k < 20; k++)
        {
            var run = root.File($"run-{k}");
            var first = NinProcess(["train", .. TrainedRun.Options(trained.DataDirectory), "--out", run], root.Path, killAtRename: k);
            if (first.ExitCode == 0)
            {
                break;
            }

            Assert.True(first.ExitCode == 137, $"k = {k}: expected death by SIGKILL (137), got {first.ExitCode}: {first.All}");
            Assert.NotEmpty(Directory.GetFiles(run, "*.tmp"));
            killed++;

            var resumed = NinProcess(["train", .. TrainedRun.Options(trained.DataDirectory), "--out", run, "--resume"], root.Path);

            Assert.True(resumed.ExitCode == 0, $"k = {k}: {resumed.All}");
            Assert.Contains("Removed ", resumed.Output, StringComparison.Ordinal);
            Assert.Contains($"best checkpoint: {Path.Combine(run, "best.ckpt")}", resumed.Output, StringComparison.Ordinal);
            AssertSameRun(trained.Folder, run, $"k = {k}");
        }

        // last.ckpt, best.ckpt, history.json, history.csv, config.json, report.md.
        Assert.True(killed >= 6, $"only {killed} write points were found");
    }

    [Fact]
    public async Task TwoRunsStartedAtOnceIntoOneFolder_OneRunsAndTheOtherIsRefused()
    {
        using var root = new TemporaryDirectory();
        var run = root.File("run");
        string[] args = ["train", .. TrainedRun.Options(trained.DataDirectory), "--out", run];

        var both = await Task.WhenAll(Task.Run(() => NinProcess(args, root.Path)), Task.Run(() => NinProcess(args, root.Path)));

        var winner = Assert.Single(both, r => r.ExitCode == 0);
        var loser = Assert.Single(both, r => r.ExitCode != 0);
        Assert.Equal(1, loser.ExitCode);
        Assert.Equal($"error: {run} is in use by another training run (it holds {Path.Combine(run, RunFolder.LockFileName)}); wait for it to end, or choose another folder.\n", loser.Error);
        Assert.Matches(@"test accuracy: \d+\.\d\d %\s*$", winner.Output);
        AssertSameRun(trained.Folder, run, "the run that went ahead");
    }

    [Fact]
    public void CtrlC_StopsAfterTheBatch_AndSaysWhereTheRunStopped()
    {
        using var trained = new TrainedRun();
        using var root = new TemporaryDirectory();
        var run = root.File("run");
        using var nin = RunningProgram.Nin(["train", .. TrainedRun.Options(trained.DataDirectory, epochs: 200), "--out", run], root.Path);
        nin.WaitFor("epoch   1/200", TimeSpan.FromMinutes(2));

        nin.Signal("INT");

        Assert.Equal(130, nin.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Matches(@"(?m)^Stopped after epoch \d+\. Continue with the same options and --resume\.", nin.Printed);
        Assert.True(File.Exists(Path.Combine(run, "last.ckpt")));
    }

    /// <summary>Runs the built nin in a process of its own (the hook's kill must not take the test host with it).</summary>
    private static ChildProcess.Result NinProcess(string[] args, string workingDirectory, int killAtRename = 0) =>
        ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "nin.dll"), .. args], workingDirectory, TimeSpan.FromMinutes(3),
            killAtRename > 0 ? new Dictionary<string, string> { [FaultInjection.KillAtRenameVariable] = killAtRename.ToString(CultureInfo.InvariantCulture) } : null);

    /// <summary>As `dd conv=notrunc` would: 64 KiB in the middle of the file (inside the tensors) overwritten, the length kept.</summary>
    private static void Damage(string path, bool random)
    {
        var bytes = File.ReadAllBytes(path);
        var damage = new byte[65536];
        if (random)
        {
            new Random(7).NextBytes(damage);
        }

        damage.CopyTo(bytes, bytes.Length / 2);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The same files, settings, results and model and optimizer bytes; only timings may differ.</summary>
    private static void AssertSameRun(string expected, string actual, string what)
    {
        Assert.Equal(Names(expected), Names(actual));
        Assert.Equal(File.ReadAllText(Path.Combine(expected, "config.json")), File.ReadAllText(Path.Combine(actual, "config.json")));
        Assert.Equal(Results(Path.Combine(expected, "history.json")), Results(Path.Combine(actual, "history.json")));
        Assert.Equal(WithoutTimings(Path.Combine(expected, "history.csv")), WithoutTimings(Path.Combine(actual, "history.csv")));
        Assert.Equal(WithoutTimings(Path.Combine(expected, "report.md")), WithoutTimings(Path.Combine(actual, "report.md")));
        foreach (var checkpoint in new[] { "last.ckpt", "best.ckpt" })
        {
            Assert.Equal(Checkpoint.ReadHeader(Path.Combine(expected, checkpoint)).CompletedEpochs, Checkpoint.ReadHeader(Path.Combine(actual, checkpoint)).CompletedEpochs);
            Assert.True(State(Path.Combine(expected, checkpoint)).SequenceEqual(State(Path.Combine(actual, checkpoint))), $"{what}: {checkpoint} holds other weights or optimizer state");
        }

        static string[] Names(string dir) => [.. Directory.GetFileSystemEntries(dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal)];

        static string[] Results(string path) =>
            [.. TrainingHistory.FromJson(File.ReadAllText(path)).Epochs.Select(e => FormattableString.Invariant($"{e.Epoch} {e.TrainLoss:R} {e.TrainAccuracy:R} {e.TestLoss:R} {e.TestAccuracy:R} {e.LearningRate:R}"))];

        // CSV: the last two columns are seconds and images/s; the report's table too, and its "Training time" line.
        static string[] WithoutTimings(string path) =>
            [.. File.ReadAllLines(path).Where(l => !l.StartsWith("- Training time", StringComparison.Ordinal)).Select(l => Regex.Replace(l, @"[,|][^,|]*[,|][^,|]*[,|]?$", ""))];

        // The model and optimizer: what follows the magic and the header, up to the 32-byte checksum.
        static byte[] State(string path)
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            reader.ReadBytes(8);
            reader.ReadString();
            return reader.ReadBytes((int)(reader.BaseStream.Length - reader.BaseStream.Position - 32));
        }
    }
}
