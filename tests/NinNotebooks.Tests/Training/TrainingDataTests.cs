using NinNotebooks.Data;
using NinNotebooks.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Training;

public class TrainingDataTests
{
    [Fact]
    public void Subsets_HaveTheirSizes_AndAreDrawnWithTheSeedForTrainAndTheNextForTest()
    {
        using var data = Small();
        var config = Config(Preprocessing.Standardize) with { TrainSubset = 50, TestSubset = 20 };
        using var prepared = new TrainingData(config, data, CPU);
        using var again = new TrainingData(config, data, CPU);
        using var other = new TrainingData(config with { Seed = 6 }, data, CPU);
        using var train = data.Train.Subset(50, config.Seed);
        using var test = data.Test.Subset(20, config.Seed + 1);

        Assert.Equal((50L, 50L, 2, 20L), (prepared.TrainImages, prepared.Train.Data.Count, prepared.Train.BatchesPerEpoch, prepared.Test.Data.Count));
        Assert.True(Same(prepared.Train.Data.Images, train.Images), "the training subset is not the one its seed draws");
        Assert.True(Same(prepared.Test.Data.Images, test.Images), "the test subset is not the one the next seed draws");
        Assert.True(Same(prepared.Train.Data.Images, again.Train.Data.Images));
        Assert.True(Same(prepared.Test.Data.Images, again.Test.Data.Images));
        Assert.False(Same(prepared.Train.Data.Images, other.Train.Data.Images));
    }

    [Fact]
    public void WithoutSubsets_EveryImageIsServed()
    {
        using var data = Small();
        using var prepared = new TrainingData(Config(Preprocessing.Standardize), data, CPU);

        Assert.Equal((96L, 3, 40L, 2), (prepared.TrainImages, prepared.Train.BatchesPerEpoch, prepared.Test.Data.Count, prepared.Test.BatchesPerEpoch));
    }

    /// <summary>
    /// The test loader serves, in order, exactly what <see cref="TrainingData.Prepare"/> makes of the raw test images, and
    /// every training batch is made of prepared training images: the preprocessing (whitening included) is applied once.
    /// </summary>
    [Theory]
    [InlineData(Preprocessing.Standardize)]
    [InlineData(Preprocessing.GcnZca)]
    public void Batches_AreWhatPrepareMakesOfTheRawImages(Preprocessing preprocessing)
    {
        using var data = Small();
        var config = Config(preprocessing) with { TrainSubset = 64, TestSubset = 36 };
        using var prepared = new TrainingData(config, data, CPU);
        using var scope = NewDisposeScope();
        using var rawTrain = data.Train.Subset(64, config.Seed);
        using var rawTest = data.Test.Subset(36, config.Seed + 1);
        var test = prepared.Prepare(rawTest.Images);
        var train = prepared.Prepare(rawTrain.Images).flatten(1);

        Assert.Equal(ScalarType.Float32, test.dtype);
        long start = 0;
        foreach (var batch in prepared.Test.Epoch(0))
        {
            Assert.True(batch.Images.allclose(test.narrow(0, start, batch.Size), rtol: 1e-5, atol: 1e-5), $"test batch at {start} differs from Prepare");
            Assert.True(Same(batch.Labels, rawTest.Labels.narrow(0, start, batch.Size)));
            start += batch.Size;
        }

        Assert.Equal(36, start);
        foreach (var batch in prepared.Train.Epoch(0))
        {
            var nearest = (batch.Images.flatten(1).unsqueeze(1) - train.unsqueeze(0)).abs().amax(2).amin(1).max().item<float>();
            Assert.True(nearest < 1e-5, $"a training batch holds an image Prepare does not make (off by {nearest})");
        }
    }

    [Fact]
    public void Augmentation_ChangesTrainingBatchesOnly()
    {
        using var data = Small();
        using var plain = new TrainingData(Config(Preprocessing.Standardize), data, CPU);
        using var augmented = new TrainingData(Config(Preprocessing.Standardize) with { Augment = true }, data, CPU);

        foreach (var (a, b) in plain.Test.Epoch(0).Zip(augmented.Test.Epoch(0)))
        {
            Assert.True(Same(a.Images, b.Images), "augmentation reached the test batches");
        }

        var changed = 0;
        foreach (var (a, b) in plain.Train.Epoch(0).Zip(augmented.Train.Epoch(0)))
        {
            Assert.True(Same(a.Labels, b.Labels), "augmentation changed the order of the training batches");
            changed += Same(a.Images, b.Images) ? 0 : 1;
        }

        Assert.Equal(plain.Train.BatchesPerEpoch, changed);
    }

    [Theory]
    [InlineData(Preprocessing.Standardize, false)]
    [InlineData(Preprocessing.Standardize, true)]
    [InlineData(Preprocessing.GcnZca, true)]
    public void Dispose_FreesWhatItMade_AndLeavesTheCallersSplitsUsable(Preprocessing preprocessing, bool subsets)
    {
        using var data = Small();
        var config = Config(preprocessing) with { Augment = true, TrainSubset = subsets ? 50 : null, TestSubset = subsets ? 20 : null };
        var sums = (data.Train.Images.sum().item<long>(), data.Test.Images.sum().item<long>(), data.Test.Labels.sum().item<long>());
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var prepared = new TrainingData(config, data, CPU);
        foreach (var _ in prepared.Train.Epoch(0))
        {
        }

        prepared.Dispose();

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(sums, (data.Train.Images.sum().item<long>(), data.Test.Images.sum().item<long>(), data.Test.Labels.sum().item<long>()));
    }

    [Fact]
    public void AFailureHalfway_LeavesNothingAlive()
    {
        // The whitening is fitted on 3-channel training images and then fails on 1-channel test images.
        using var data = Small();
        using var greyTest = data.Test.WithImages(data.Test.Images.narrow(1, 0, 1).contiguous());
        var mixed = new DatasetSplits("mixed", data.Train, greyTest);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var error = Assert.Throws<ArgumentException>(() => new TrainingData(Config(Preprocessing.GcnZca) with { TrainSubset = 50 }, mixed, CPU));

        Assert.Contains("fitted on 192-value images", error.Message, StringComparison.Ordinal);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    /// <summary>TinySetup's images cut to their 8×8 centre: GCN + ZCA on 192 values a picture is fitted at once, on 3,072 it takes half a minute.</summary>
    private static DatasetSplits Small()
    {
        using var full = TinySetup.Data(train: 96, test: 40);
        return new DatasetSplits(full.Name, Centre(full.Train), Centre(full.Test));

        static ImageDataset Centre(ImageDataset split) =>
            new(split.Name, split.Images.narrow(2, 12, 8).narrow(3, 12, 8).contiguous(), split.Labels.clone(), split.ClassNames, split.IsSynthetic);
    }

    private static bool Same(Tensor a, Tensor b) => a.equal(b).all().item<bool>();

    private static TrainingConfig Config(Preprocessing preprocessing) =>
        TinySetup.Training(epochs: 1) with { Preprocessing = preprocessing, Augment = false };
}
