using NinNotebooks.Data;
using NinNotebooks.Training;

namespace NinNotebooks.Tests.Training;

/// <summary>A run records the data it trained on, and is not resumed on other data.</summary>
public class TrainerDataTests
{
    private static TrainingConfig Config => TinySetup.Training(epochs: 2) with { TrainSubset = 64, TestSubset = 32 };

    [Fact]
    public void ARunOnAFolder_RecordsItsData_InTheConfigurationAndTheCheckpoint()
    {
        using var root = new TemporaryDirectory();
        SyntheticCifar.Write(root.File("data"), 300, 60, seed: 1);
        using var data = Datasets.FromFolder("synthetic", root.File("data"));
        using var trainer = new Trainer(Config, TinySetup.Model, data, root.File("run"));

        trainer.TrainEpoch();

        foreach (var stored in new[] { TrainingConfig.FromJson(File.ReadAllText(root.File("run", "config.json"))), Checkpoint.ReadHeader(root.File("run", "last.ckpt")).Config })
        {
            var fingerprint = Assert.IsType<DataFingerprint>(stored.DataFingerprint);
            Assert.Equal((300, 60), (fingerprint.TrainImages, fingerprint.TestImages));
            Assert.Equal(
                ["batches.meta.txt", "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", SyntheticCifar.MarkerFile, "test_batch.bin"],
                fingerprint.Files.Keys.Order(StringComparer.Ordinal));
            Assert.All(fingerprint.Files.Values, hash => Assert.Matches("^[0-9a-f]{64}$", hash));
        }
    }

    [Fact]
    public void Resume_OnRegeneratedData_IsRefused_NamingWhatChanged_ButTheSameDataWrittenAgainResumes()
    {
        using var root = new TemporaryDirectory();
        var folder = root.File("data");
        SyntheticCifar.Write(folder, 300, 60, seed: 1);
        using (var data = Datasets.FromFolder("synthetic", folder))
        using (var first = new Trainer(Config, TinySetup.Model, data, root.File("run")))
        {
            first.TrainEpoch();
        }

        // The same images written again: new files with new times, the same bytes.
        Directory.Delete(folder, recursive: true);
        SyntheticCifar.Write(folder, 300, 60, seed: 1);
        using (var same = Datasets.FromFolder("synthetic", folder))
        using (var resumed = new Trainer(Config, TinySetup.Model, same))
        {
            resumed.LoadCheckpoint(RunFolder.LastCheckpointOf(root.File("run")));
            Assert.Equal(1, resumed.CompletedEpochs);
        }

        Directory.Delete(folder, recursive: true);
        SyntheticCifar.Write(folder, 500, 100, seed: 2);
        using var other = Datasets.FromFolder("synthetic", folder);
        using var refused = new Trainer(Config, TinySetup.Model, other);
        var last = RunFolder.LastCheckpointOf(root.File("run"));

        var error = Assert.Throws<InvalidDataException>(() => refused.LoadCheckpoint(last));

        Assert.Equal(
            $"{last}: the data differ from the run's: training images 300 → 500; test images 60 → 100; files changed: data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, {SyntheticCifar.MarkerFile}, test_batch.bin. Resume on the data the run was trained on.",
            error.Message);
        Assert.Equal(0, refused.CompletedEpochs);
    }

    [Fact]
    public void Resume_OfOneChangedFile_NamesThatFileOnly()
    {
        using var root = new TemporaryDirectory();
        var folder = root.File("data");
        SyntheticCifar.Write(folder, 300, 60, seed: 1);
        using (var data = Datasets.FromFolder("synthetic", folder))
        using (var first = new Trainer(Config, TinySetup.Model, data, root.File("run")))
        {
            first.TrainEpoch();
        }

        // One image's pixel changed in place, the size kept.
        var batch = Path.Combine(folder, "data_batch_3.bin");
        var bytes = File.ReadAllBytes(batch);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(batch, bytes);
        using var changed = Datasets.FromFolder("synthetic", folder);
        using var refused = new Trainer(Config, TinySetup.Model, changed);

        var error = Assert.Throws<InvalidDataException>(() => refused.LoadCheckpoint(RunFolder.LastCheckpointOf(root.File("run"))));

        Assert.EndsWith(": the data differ from the run's: files changed: data_batch_3.bin. Resume on the data the run was trained on.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACheckpointThatDoesNotRecordItsData_StillResumes()
    {
        // In-memory splits have no fingerprint, as checkpoints written before fingerprints were recorded.
        using var root = new TemporaryDirectory();
        using (var memory = TinySetup.Data())
        using (var first = new Trainer(Config, TinySetup.Model, memory, root.File("run")))
        {
            first.TrainEpoch();
        }

        Assert.Null(Checkpoint.ReadHeader(RunFolder.LastCheckpointOf(root.File("run"))).Config.DataFingerprint);
        SyntheticCifar.Write(root.File("data"), 300, 60, seed: 1);
        using var data = Datasets.FromFolder("synthetic", root.File("data"));
        using var resumed = new Trainer(Config, TinySetup.Model, data);

        resumed.LoadCheckpoint(RunFolder.LastCheckpointOf(root.File("run")));

        Assert.Equal(1, resumed.CompletedEpochs);
        Assert.NotNull(resumed.Config.DataFingerprint);
    }

    [Fact]
    public void AConfigurationWrittenBeforeFingerprints_ReadsWithoutOne()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(new TrainingConfig().ToJson())!.AsObject();
        json.Remove(nameof(TrainingConfig.DataFingerprint));

        Assert.Null(TrainingConfig.FromJson(json.ToJsonString()).DataFingerprint);
    }
}
