namespace NinNotebooks.Tests.Cli.Commands;

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
}
