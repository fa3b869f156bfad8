using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class ClassMapsTests
{
    [Fact]
    public void Maps_AreWhatGlobalAveragePoolingAverages()
    {
        using var model = new NiN(NinConfig.Cifar10);
        model.train();
        using var images = randn(2, 3, 32, 32);
        using var maps = ClassMaps.Of(model, images);
        Assert.Equal([2L, 10, 8, 8], maps.shape);
        Assert.True(model.training, "the model's mode is restored");
        model.eval();
        using var scores = model.call(images);
        using var means = maps.mean([2, 3]);
        Assert.True(means.allclose(scores, rtol: 1e-5, atol: 1e-6));
        Assert.False(maps.requires_grad);
    }

    [Fact]
    public void Upsample_EnlargesToTheImageSize()
    {
        using var maps = ones(2, 10, 8, 8);
        using var large = ClassMaps.Upsample(maps, 32);
        Assert.Equal([2L, 10, 32, 32], large.shape);
        Assert.Equal(1f, large.max().item<float>(), 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassMaps.Upsample(maps, 0));
    }

    [Fact]
    public void OfTrueClass_PicksEachImagesLabelsMap_AcrossBatches()
    {
        using var model = new NiN(NinConfig.Cifar10);
        using var images = randint(0, 256, [5, 3, 32, 32]).to(ScalarType.Byte);
        using var labels = tensor(new long[] { 3, 0, 9, 3, 7 });
        using var data = new NinNotebooks.Data.ImageDataset("t", images.alias(), labels.alias(), [.. Enumerable.Range(0, 10).Select(i => $"{i}")], isSynthetic: true);
        static Tensor Prepare(Tensor x) => x.to(ScalarType.Float32) / 255;

        using var truth = ClassMaps.OfTrueClass(model, Prepare, data, batchSize: 2);
        using var all = ClassMaps.Of(model, Prepare(images));

        Assert.Equal([5L, 8, 8], truth.shape);
        for (var n = 0; n < 5; n++)
        {
            Assert.True(truth[n].allclose(all[n, labels[n].item<long>()], rtol: 1e-5, atol: 1e-6), $"image {n}");
        }
    }
}
