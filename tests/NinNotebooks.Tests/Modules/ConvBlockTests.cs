using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class ConvBlockTests
{
    [Fact]
    public void Default_IsConvolutionThenRelu()
    {
        using var block = new ConvBlock(3, 8, 3, padding: 1);
        using var output = block.call(randn(2, 3, 10, 10));

        Assert.Equal(["conv", "relu"], block.named_children().Select(c => c.name));
        Assert.Equal(new long[] { 2, 8, 10, 10 }, output.shape);
        Assert.NotNull(block.Convolution.bias);
        Assert.True(output.min().item<float>() >= 0);
    }

    [Fact]
    public void WithBatchNorm_TheConvolutionHasNoBias()
    {
        using var block = new ConvBlock(8, 16, 1, batchNorm: true, activation: Activation.ReLU6);

        Assert.Equal(["conv", "bn", "relu6"], block.named_children().Select(c => c.name));
        Assert.Null(block.Convolution.bias);
    }

    [Fact]
    public void WithoutActivation_IsLinear()
    {
        using var block = new ConvBlock(4, 4, 1, batchNorm: true, activation: Activation.None);
        block.eval();
        using var output = block.call(randn(1, 4, 5, 5));

        Assert.Equal(["conv", "bn"], block.named_children().Select(c => c.name));
        Assert.True(output.min().item<float>() < 0);
    }

    [Fact]
    public void GroupsThatDoNotDivideTheChannels_AreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ConvBlock(6, 8, 3, groups: 4));

        Assert.Equal("groups", error.ParamName);
        Assert.Contains("groups (4) must divide both inChannels (6) and outChannels (8)", error.Message);
    }
}
