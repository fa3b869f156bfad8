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
}
