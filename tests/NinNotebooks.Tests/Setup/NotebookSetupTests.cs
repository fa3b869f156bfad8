using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Setup;
using NinNotebooks.Tests.Data;
using NinNotebooks.Training;
using Xunit;

namespace NinNotebooks.Tests.Setup;

public class NotebookSetupTests
{
    private static NotebookSetup Load(TemporaryDirectory dir, string dataset = "auto", int epochs = 0, int subset = 0, Func<DatasetSplits>? cifar10 = null) =>
        NotebookSetup.Load(dataset, epochs, subset, "cpu", null, dir.Path, null,
            cifar10 ?? (() => throw new DatasetUnavailableException("Could not download cifar-10-binary.tar.gz (offline).\nmore")));

    [Fact]
    public void Auto_FallsBackToTheSyntheticStandInAndSaysSo()
    {
        using var dir = new TemporaryDirectory();
        using var setup = Load(dir);
        Assert.True(setup.IsSynthetic);
        Assert.Equal("synthetic", setup.DatasetName);
        Assert.Contains(setup.Notes, n => n.Contains("could not be downloaded (Could not download cifar-10-binary.tar.gz (offline).)", StringComparison.Ordinal));
        Assert.StartsWith("SYNTHETIC DATA", setup.ToString(), StringComparison.Ordinal);
        Assert.Contains("SYNTHETIC DATA", setup.ToHtml(), StringComparison.Ordinal);
        Assert.Same(NinConfig.Cifar10, setup.NetworkConfig);
    }

    [Fact]
    public void Auto_UsesCifar10WhenItCanBeHad()
    {
        using var dir = new TemporaryDirectory();
        CifarFiles.Write(dir.File("cifar-10-batches-bin"), CifarFiles.Cifar10Folder());
        using var setup = NotebookSetup.Load("auto", 0, 0, "cpu", null, dir.Path);
        Assert.False(setup.IsSynthetic);
        Assert.Equal("cifar10", setup.DatasetName);
        Assert.DoesNotContain("SYNTHETIC", setup.ToHtml(), StringComparison.Ordinal);
    }

    [Fact]
    public void OnACpu_ZeroMeansAShortRunAndTheNotesSayWhy()
    {
        using var dir = new TemporaryDirectory();
        using var setup = NotebookSetup.Load("synthetic", 0, 0, "cpu", new NotebookDefaults(GpuEpochs: 60, CpuEpochs: 3, CpuSubset: 500, CpuTestSubset: 100), dir.Path);
        Assert.Equal(3, setup.Epochs);
        Assert.Equal(500, setup.Data.Train.Count);
        Assert.Equal(100, setup.Data.Test.Count);
        Assert.Contains(setup.Notes, n => n.Contains("no GPU (on a GPU the notebook trains 60)", StringComparison.Ordinal));
        Assert.Contains(setup.Notes, n => n.Contains("500 of 5,000 training images and 100 of 1,000 test images, to keep a CPU run short", StringComparison.Ordinal));
        var config = setup.Training(TrainingConfig.Paper());
        Assert.Equal(("synthetic", "nin-cifar10", 3, "cpu", "paper"), (config.Dataset, config.Model, config.Epochs, config.Device, config.Recipe));
    }

    [Fact]
    public void ExplicitValues_AreTaken()
    {
        using var dir = new TemporaryDirectory();
        using (var setup = Load(dir, "synthetic", epochs: 1, subset: 300))
        {
            Assert.Equal((1, 300L, 200L), (setup.Epochs, setup.Data.Train.Count, setup.Data.Test.Count));
        }

        using var all = Load(dir, "synthetic", epochs: 1, subset: -1);
        Assert.Equal((5_000L, 1_000L), (all.Data.Train.Count, all.Data.Test.Count));
    }

    [Fact]
    public void BadParameters_AreRefusedBeforeLoading()
    {
        using var dir = new TemporaryDirectory();
        Assert.Contains("expected auto, cifar10, cifar100, mnist, synthetic; got 'imagenet'",
            Assert.Throws<ArgumentException>(() => Load(dir, "imagenet")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Load(dir, "synthetic", epochs: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Load(dir, "synthetic", subset: -2));
        var device = Assert.Throws<TrainingSettingException>(() => NotebookSetup.Load("synthetic", device: "tpu", dataDir: dir.Path));
        Assert.Equal(nameof(TrainingConfig.Device), device.Setting.Name);
        Assert.Equal("Device: expected auto, cpu or cuda, got 'tpu'.", device.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
