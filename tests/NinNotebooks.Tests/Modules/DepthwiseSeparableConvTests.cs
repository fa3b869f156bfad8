using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class DepthwiseSeparableConvTests
{
    [Fact]
    public void DepthwiseSeparable_FiltersEachChannelThenMixesWithOneByOne()
    {
        using var block = new DepthwiseSeparableConv(32, 64, stride: 2);
        using var output = block.call(randn(2, 32, 112, 112));

        var depthwise = block.modules().OfType<Conv2d>().First();
        Assert.Equal(new long[] { 2, 64, 56, 56 }, output.shape);
        Assert.Equal(32, depthwise.groups);
        Assert.Equal(new long[] { 32, 1, 3, 3 }, depthwise.weight!.shape);
        // depthwise 3x3 + pointwise 1x1, no conv biases, plus two BatchNorms (weight and bias each)
        Assert.Equal((32 * 9) + (32 * 64) + (2 * 32) + (2 * 64), block.CountParameters());
    }

    [Fact]
    public void DepthwiseSeparable_CostsAboutOneOverOutPlusOneOverNineOfAFullConvolution()
    {
        using var separable = new DepthwiseSeparableConv(32, 64);
        using var full = new ConvBlock(32, 64, 3, padding: 1, batchNorm: true);

        var ratio = (double)ModelSummary.Create(separable, [1, 32, 56, 56]).TotalMacs / ModelSummary.Create(full, [1, 32, 56, 56]).TotalMacs;

        Assert.Equal((1.0 / 64) + (1.0 / 9), ratio, 6);
    }
}
