using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class PointwiseConvolutionTests
{
    [Fact]
    public void OneByOneConvolution_EqualsTheSameLinearLayerAtEveryPixel()
    {
        manual_seed(3);
        using var conv = nn.Conv2d(192, 160, 1);
        using var linear = PointwiseConvolution.ToLinear(conv);
        using var input = randn(2, 192, 8, 8);

        using var byConvolution = conv.call(input);
        using var byLinear = PointwiseConvolution.ApplyPerPixel(linear, input);

        Assert.Equal(byConvolution.shape, byLinear.shape);
        Assert.True(byConvolution.allclose(byLinear, rtol: 1e-5, atol: 1e-5),
            $"max difference {(byConvolution - byLinear).abs().max().item<float>()}");
    }

    [Fact]
    public void OnePixel_IsAMatrixVectorProductWithTheKernel()
    {
        manual_seed(4);
        using var conv = nn.Conv2d(4, 3, 1);
        using var input = randn(1, 4, 5, 5);
        using var output = conv.call(input);

        using var pixel = input[0, .., 2, 3];
        using var expected = conv.weight!.reshape(3, 4).matmul(pixel) + conv.bias!;

        Assert.True(output[0, .., 2, 3].allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ToLinear_CopiesWeightsAndBias()
    {
        using var conv = nn.Conv2d(6, 2, 1);
        using var linear = PointwiseConvolution.ToLinear(conv);

        Assert.Equal(new long[] { 2, 6 }, linear.weight!.shape);
        Assert.True(linear.weight.eq(conv.weight!.reshape(2, 6)).all().item<bool>());
        Assert.True(linear.bias!.eq(conv.bias!).all().item<bool>());
    }

    [Fact]
    public void ToLinear_RejectsAnythingButAPlainOneByOneConvolution()
    {
        using var spatial = nn.Conv2d(4, 4, 3);
        using var strided = nn.Conv2d(4, 4, 1, stride: 2);
        using var grouped = nn.Conv2d(4, 4, 1, groups: 2);

        Assert.Contains("kernel 3×3", Assert.Throws<ArgumentException>(() => PointwiseConvolution.ToLinear(spatial)).Message);
        Assert.Contains("stride 2×2", Assert.Throws<ArgumentException>(() => PointwiseConvolution.ToLinear(strided)).Message);
        Assert.Contains("groups 2", Assert.Throws<ArgumentException>(() => PointwiseConvolution.ToLinear(grouped)).Message);
    }

    [Fact]
    public void ApplyPerPixel_RejectsTheWrongChannelCount()
    {
        using var linear = nn.Linear(8, 2);
        using var input = randn(1, 3, 4, 4);

        var error = Assert.Throws<ArgumentException>(() => PointwiseConvolution.ApplyPerPixel(linear, input));

        Assert.Contains("N x 8 x H x W", error.Message);
    }
}
