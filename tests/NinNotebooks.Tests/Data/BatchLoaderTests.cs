using NinNotebooks.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Data;

public class BatchLoaderTests
{
    /// <summary>Image i is filled with the value i % 256 and has label i, so batches can be traced back.</summary>
    private static ImageDataset Numbered(int count) => new(
        "numbered",
        (arange(count, dtype: ScalarType.Int64) % 256).to(ScalarType.Byte).view(count, 1, 1, 1).expand(count, 3, 4, 4).contiguous(),
        arange(count, dtype: ScalarType.Int64),
        ["a"],
        isSynthetic: true);

    [Fact]
    public void AnEpoch_ServesEveryImageOnce_InShuffledBatches()
    {
        using var data = Numbered(100);
        using var loader = new BatchLoader(data, 32, seed: 1);

        var seen = new List<long>();
        var sizes = new List<long>();
        foreach (var batch in loader.Epoch(0))
        {
            seen.AddRange(batch.Labels.data<long>().ToArray());
            sizes.Add(batch.Size);
            Assert.Equal(ScalarType.Float32, batch.Images.dtype);
            Assert.True(batch.Images[.., 0, 0, 0].eq(batch.Labels.to(ScalarType.Float32)).all().item<bool>());
        }

        Assert.Equal([32L, 32, 32, 4], sizes);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), seen);
        Assert.Equal(4, loader.BatchesPerEpoch);
    }

    [Fact]
    public void Order_DependsOnSeedAndEpochOnly()
    {
        using var data = Numbered(50);
        using var loader = new BatchLoader(data, 50, seed: 4);
        using var twin = new BatchLoader(data, 50, seed: 4);
        using var other = new BatchLoader(data, 50, seed: 5);

        long[] Order(BatchLoader l, int epoch) => l.Epoch(epoch).Select(b => b.Labels.data<long>().ToArray()).Single();

        var epoch3 = Order(loader, 3);
        Assert.Equal(epoch3, Order(twin, 3));
        Assert.NotEqual(epoch3, Order(loader, 4));
        Assert.NotEqual(epoch3, Order(other, 3));
        Assert.Equal(epoch3, Order(loader, 3));
    }

    [Fact]
    public void NoShuffle_DropLast_AndNormalize()
    {
        using var data = Numbered(10);
        using var loader = new BatchLoader(data, 4, normalize: x => x.to(ScalarType.Float32) * 2, shuffle: false, dropLast: true);

        var batches = loader.Epoch(0).Select(b => (b.Labels.data<long>().ToArray(), b.Images[.., 0, 0, 0].data<float>().ToArray())).ToList();

        Assert.Equal([[0L, 1, 2, 3], [4L, 5, 6, 7]], batches.Select(b => b.Item1));
        Assert.Equal([0f, 2, 4, 6], batches[0].Item2);
        Assert.Equal(8, loader.ImagesPerEpoch);
    }

    [Fact]
    public void BatchesAreDisposed_SoAnEpochLeavesNoTensorsBehind()
    {
        using var data = Numbered(300);
        using var augment = new RandomCropFlip(padding: 1, seed: 2);
        using var loader = new BatchLoader(data, 16, augment: augment, seed: 3);
        foreach (var unused in loader.Epoch(0))
        {
        }

        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        foreach (var unused in loader.Epoch(1))
        {
        }

        foreach (var unused in loader.Epoch(2).Take(3))
        {
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void BadBatchSize_IsAClearError()
    {
        using var data = Numbered(3);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(data, 0));

        Assert.Contains("batchSize must be at least 1, got 0", error.Message);
    }
}
