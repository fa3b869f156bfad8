using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class InvertedResidualTests
{
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
