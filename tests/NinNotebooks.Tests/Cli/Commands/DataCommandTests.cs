using NinNotebooks.Data;
using NinNotebooks.Platform;
using NinNotebooks.Tests.Data;

namespace NinNotebooks.Tests.Cli.Commands;

[Trait(TestCategory.Name, TestCategory.Integration)]
public class DataCommandTests
{
    [Fact]
    public void Synth_WritesTheFolder_AndInfoReportsItAsSynthetic()
    {
        using var root = new TemporaryDirectory();

        var synth = Nin.Run("data", "synth", "--out", root.File("synthetic-cifar10"), "--count", "100");
        var info = Nin.Run("data", "info", "--data-dir", root.Path);

        Assert.Equal(0, synth.ExitCode);
        Assert.Contains("Wrote SYNTHETIC CIFAR-format data (100 train + 20 test images", synth.Output);
        Assert.Equal(0, info.ExitCode);
        Assert.Contains($"Data folder: {root.Path}", info.Output);
        Assert.Matches(@"synthetic\s+valid\s+[0-9.]+ MB\s+100 train \+ 20 test images; SYNTHETIC", info.Output);
        Assert.Matches(@"cifar10\s+missing\s+-\s+not downloaded", info.Output);
    }

    [Fact]
    public void Download_Offline_ExitsOneWithTheManualInstallSteps()
    {
        using var root = new TemporaryDirectory();

        var result = Nin.Run("data", "download", "mnist", "--data-dir", root.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: Could not download train-images-idx3-ubyte.gz", result.Error, StringComparison.Ordinal);
        Assert.Contains(root.File("mnist", "t10k-labels-idx1-ubyte"), result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public void Download_UnknownDataset_IsRejectedBeforeAnyWork()
    {
        var result = Nin.Run("data", "download", "imagenet");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("imagenet", result.Error);
        Assert.Contains("cifar10", result.Error);
    }

    [Fact]
    public void Synth_TooFewImages_IsAClearError()
    {
        using var root = new TemporaryDirectory();

        var result = Nin.Run("data", "synth", "--out", root.File("s"), "--count", "5");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("at least 10 training and 10 test images", result.Error);
        Assert.False(Directory.Exists(root.File("s")));
    }

    [Fact]
    public void Info_WithADataDirThatIsAFile_SaysSo()
    {
        using var root = new TemporaryDirectory();
        File.WriteAllText(root.File("D"), "x");

        var result = Nin.Run("data", "info", "--data-dir", root.File("D"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: The data folder {root.File("D")} (--data-dir) is a file, not a folder; give a folder (it is created when missing).\n", result.Error);
    }

    [Fact]
    public async Task Synth_LosingARaceToASecondSynthIntoTheSameFolder_SaysSoInOneLine()
    {
        using var root = new TemporaryDirectory();
        using var signals = new TemporaryDirectory();
        var target = root.File("s");
        var go = signals.File("go");
        string[] nin = [Path.Combine(AppContext.BaseDirectory, "nin.dll"), "data", "synth", "--out", target];

        // The first synth stops with its data set staged and waits for `go`; the second publishes meanwhile.
        var held = new Dictionary<string, string> { [FaultInjection.HoldBeforePublishVariable] = go };
        var slow = Task.Run(() => ChildProcess.Run("dotnet", [.. nin, "--count", "20"], root.Path, environment: held));
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(signals.File("go.waiting")) && !slow.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        ChildProcess.Result quick;
        try
        {
            if (slow.IsCompleted)
            {
                Assert.Fail($"the first synth ended before it held its staged data set: {(await slow).All}");
            }

            Assert.True(File.Exists(signals.File("go.waiting")), "the first synth did not reach its publish in 2 minutes");
            quick = ChildProcess.Run("dotnet", [.. nin, "--count", "30"], root.Path);
        }
        finally
        {
            File.WriteAllText(go, "");   // never leave the first synth waiting
        }

        var lost = await slow;

        Assert.True(quick.ExitCode == 0, quick.Error);
        Assert.Equal(1, lost.ExitCode);
        Assert.Equal($"error: {target}: another process wrote there while this one was writing its data set; what it wrote is kept, and nothing of this one is left behind.\n", lost.Error);
        Assert.Equal(30, SyntheticCifar.ReadMarker(target).TrainCount);
        Assert.Equal(["s"], Directory.EnumerateFileSystemEntries(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void SynthAndDownload_IntoAReadOnlyFolder_SayInOneLineThatItIsNotWritable()
    {
        using var root = new TemporaryDirectory();
        var locked = root.File("locked");
        Directory.CreateDirectory(locked);
        using (ReadOnlyFolder.Lock(locked))
        {
            var synth = Nin.Run("data", "synth", "--out", Path.Combine(locked, "s"), "--count", "20");
            var download = Nin.Run("data", "download", "mnist", "--data-dir", locked);

            Assert.Equal(1, synth.ExitCode);
            Assert.Equal($"error: Cannot write {Path.Combine(locked, "s")}: the folder {locked} is not writable; choose a folder you can write to.\n", synth.Error);
            Assert.Equal(1, download.ExitCode);
            Assert.Equal($"error: The data folder {locked} is not writable; choose another data folder, or set ${DataRoot.EnvironmentVariable}.\n", download.Error);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(locked));
    }

    [Fact]
    public void Info_WithADataDirThatIsALinkThatLoops_SaysSo()
    {
        using var root = new TemporaryDirectory();
        File.CreateSymbolicLink(root.File("D"), root.File("D"));

        var result = Nin.Run("data", "info", "--data-dir", root.File("D"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: The data folder {root.File("D")} (--data-dir) is a symbolic link that loops (following it never reaches a folder); give a folder (it is created when missing).\n", result.Error);
    }
}
