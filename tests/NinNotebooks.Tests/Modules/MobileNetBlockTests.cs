using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class MobileNetBlockTests
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

    [Fact]
    public void InvertedResidual_ExpandsFilterProjectsAndAddsTheInput()
    {
        using var block = new InvertedResidual(24, 24, stride: 1, expandRatio: 6);
        using var output = block.call(randn(2, 24, 56, 56));

        var names = block.named_modules().Select(m => m.name).ToList();
        Assert.True(block.UsesResidual);
        Assert.Equal(new long[] { 2, 24, 56, 56 }, output.shape);
        Assert.Contains("layers.expand.relu6", names);
        Assert.Contains("layers.depthwise.relu6", names);
        Assert.DoesNotContain("layers.project.relu6", names);
        Assert.Equal(144, block.modules().OfType<Conv2d>().Single(c => c.groups > 1).groups);
    }

    [Fact]
    public void InvertedResidual_OutputIsInputPlusTheLayers()
    {
        using var block = new InvertedResidual(8, 8);
        block.eval();
        using var input = randn(1, 8, 10, 10);
        using var output = block.call(input);
        var layers = block.named_children().Single(c => c.name == "layers").module as nn.Module<Tensor, Tensor>;
        using var residual = layers!.call(input);

        Assert.True(output.allclose(input + residual, rtol: 1e-5, atol: 1e-6));
    }

    [Theory]
    [InlineData(24, 32, 1)]
    [InlineData(24, 24, 2)]
    public void InvertedResidual_WithoutMatchingShapes_HasNoResidual(int inChannels, int outChannels, int stride)
    {
        using var block = new InvertedResidual(inChannels, outChannels, stride);
        using var output = block.call(randn(1, inChannels, 16, 16));

        Assert.False(block.UsesResidual);
        Assert.Equal(new long[] { 1, outChannels, 16 / stride, 16 / stride }, output.shape);
    }

    [Fact]
    public void InvertedResidual_ExpansionRatioOne_SkipsTheExpansion()
    {
        using var block = new InvertedResidual(16, 16, expandRatio: 1);

        Assert.DoesNotContain(block.named_modules(), m => m.name.Contains("expand", StringComparison.Ordinal));
    }

    [Fact]
    public void InvertedResidual_RejectsStrideThree()
    {
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => new InvertedResidual(8, 8, stride: 3)).ParamName);
    }
}
