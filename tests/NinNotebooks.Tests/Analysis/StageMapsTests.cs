using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class StageMapsTests
{
    [Fact]
    public void Of_GivesEachMlpconvBlocksOutput()
    {
        using var model = new NiN(NinConfig.Cifar10);
        model.train();
        using var image = randn(3, 32, 32);
        var maps = StageMaps.Of(model, image);
        Assert.Equal([[96L, 32, 32], [192L, 16, 16], [10L, 8, 8]], maps.Select(m => m.shape));
        Assert.True(model.training);
        model.eval();
        using var features = model.ForwardFeatures(image.unsqueeze(0));
        Assert.True(maps[^1].allclose(features[0]));
        foreach (var map in maps)
        {
            map.Dispose();
        }
    }

    [Fact]
    public void FirstLayerFilters_AreTheFirstConvolutionsWeights()
    {
        using var model = new NiN(NinConfig.Cifar10);
        using var filters = StageMaps.FirstLayerFilters(model);
        Assert.Equal([192L, 3, 5, 5], filters.shape);
        Assert.True(filters.allclose(model.Blocks[0].Convolutions[0].weight!, rtol: 0, atol: 0));
        Assert.False(filters.requires_grad);
    }
}
