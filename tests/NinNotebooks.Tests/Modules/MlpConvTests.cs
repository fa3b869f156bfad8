using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class MlpConvTests
{
    [Fact]
    public void PapersFirstBlock_KeepsSizeAndEndsWithLastChannelCount()
    {
        using var block = new MlpConv(3, [192, 160, 96], kernelSize: 5, padding: 2);
        using var input = randn(2, 3, 32, 32);
        using var output = block.call(input);

        Assert.Equal(new long[] { 2, 96, 32, 32 }, output.shape);
        Assert.Equal(96, block.OutChannels);
    }

    [Fact]
    public void Children_AreOneSpatialConvThenCccpLayersEachFollowedByRelu()
    {
        using var block = new MlpConv(3, [192, 160, 96], kernelSize: 5, padding: 2);

        var children = block.named_children().Select(c => $"{c.name}:{c.module.GetType().Name}").ToList();

        Assert.Equal(["conv:Conv2d", "relu:ReLU", "cccp1:Conv2d", "relu1:ReLU", "cccp2:Conv2d", "relu2:ReLU"], children);
        Assert.Equal(new long[] { 5, 5 }, block.Convolutions[0].kernel_size);
        Assert.All(block.Convolutions.Skip(1), c => Assert.Equal(new long[] { 1, 1 }, c.kernel_size));
    }

    [Fact]
    public void Parameters_MatchTheConvolutionFormula()
    {
        using var block = new MlpConv(3, [192, 160, 96], kernelSize: 5, padding: 2);

        var expected = ParameterCount.Conv2d(3, 192, 5) + ParameterCount.Conv2d(192, 160, 1) + ParameterCount.Conv2d(160, 96, 1);

        Assert.Equal(expected, block.CountParameters());
        Assert.Equal(60_928, expected);
    }

    [Theory]
    [InlineData(32, 5, 1, 0, 28)]
    [InlineData(32, 5, 1, 2, 32)]
    [InlineData(224, 11, 4, 0, 54)]
    [InlineData(33, 3, 2, 1, 17)]
    public void OutputSize_MatchesWhatTheBlockProduces(int size, int kernel, int stride, int padding, int expected)
    {
        using var block = new MlpConv(1, [4, 2], kernel, stride, padding);
        using var input = zeros(1, 1, size, size);
        using var output = block.call(input);

        Assert.Equal(expected, block.OutputSize(size));
        Assert.Equal(expected, output.shape[2]);
    }

    [Fact]
    public void BatchNormVariant_AddsOneNormPerConvolutionBeforeItsRelu()
    {
        using var plain = new MlpConv(3, [8, 4], kernelSize: 3, padding: 1);
        using var modern = new MlpConv(3, [8, 4], kernelSize: 3, padding: 1, batchNorm: true);

        var children = modern.named_children().Select(c => c.name).ToList();

        Assert.False(plain.UsesBatchNorm);
        Assert.Equal(["conv", "bn", "relu", "cccp1", "bn1", "relu1"], children);
        Assert.Equal(plain.CountParameters() + (2 * 8) + (2 * 4), modern.CountParameters());
        Assert.Equal(2, modern.children().OfType<BatchNorm2d>().Count());
    }

    [Fact]
    public void EveryOutputIsNonNegative_BecauseEachConvolutionIsFollowedByRelu()
    {
        using var block = new MlpConv(3, [16, 8, 4], kernelSize: 3, padding: 1);
        using var input = randn(2, 3, 8, 8);
        using var output = block.call(input);

        Assert.True(output.min().item<float>() >= 0);
    }

    [Fact]
    public void InvalidArguments_NameTheArgument()
    {
        var empty = Assert.Throws<ArgumentException>(() => new MlpConv(3, [], 3));
        var kernel = Assert.Throws<ArgumentOutOfRangeException>(() => new MlpConv(3, [8], 0));
        var channel = Assert.Throws<ArgumentOutOfRangeException>(() => new MlpConv(3, [8, 0], 3));

        Assert.Equal("channels", empty.ParamName);
        Assert.Equal("kernelSize", kernel.ParamName);
        Assert.Equal("channels", channel.ParamName);
    }
}
