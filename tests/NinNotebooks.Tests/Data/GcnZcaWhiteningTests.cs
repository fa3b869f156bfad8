using NinNotebooks.Data;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Data;

public class GcnZcaWhiteningTests
{
    [Fact]
    public void ContrastNormalize_GivesEachImageMeanZeroAndNorm55()
    {
        using var scope = NewDisposeScope();
        var images = randint(0, 256, [5, 3, 4, 4], dtype: ScalarType.Byte, generator: new Generator(1));

        var x = GcnZcaWhitening.ContrastNormalize(images);

        Assert.Equal([5L, 48], x.shape);
        Assert.True(x.mean([1]).abs().max().item<float>() < 1e-4f);
        Assert.True((x.norm(1) - 55).abs().max().item<float>() < 1e-3f);
    }

    [Fact]
    public void Whitening_DecorrelatesTheTrainingData()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(2);

        // Strongly correlated pixels: a few random patterns mixed with little noise.
        var patterns = randn([4, 48], generator: g) * 40;
        var images = (128 + (randn([600, 4], generator: g).mm(patterns) + (randn([600, 48], generator: g) * 5))).clamp(0, 255).reshape(600, 3, 4, 4);
        using var zca = GcnZcaWhitening.Fit(images, bias: 1e-3);

        var white = zca.Apply(images).reshape(600, 48).to(ScalarType.Float64);
        var centred = white - white.mean([0]);
        var covariance = centred.t().mm(centred) / 600;
        var before = GcnZcaWhitening.ContrastNormalize(images).to(ScalarType.Float64);
        var beforeCentred = before - before.mean([0]);
        var beforeCovariance = beforeCentred.t().mm(beforeCentred) / 600;

        Assert.Equal([600L, 3, 4, 4], zca.Apply(images).shape);
        Assert.True(OffDiagonal(beforeCovariance) > 10 * OffDiagonal(covariance),
            $"off-diagonal covariance before {OffDiagonal(beforeCovariance):0.000}, after {OffDiagonal(covariance):0.000}");
        Assert.Equal(55, zca.Scale);
        Assert.Equal(1e-3, zca.Bias);
    }

    [Fact]
    public void Apply_WrongImageSize_IsAClearError()
    {
        using var scope = NewDisposeScope();
        using var zca = GcnZcaWhitening.Fit(rand(20, 1, 2, 2) * 255);

        var error = Assert.Throws<ArgumentException>(() => zca.Apply(rand(3, 3, 2, 2)));

        Assert.Contains("fitted on 4-value images, got images of 12 values", error.Message);
    }

    private static double OffDiagonal(Tensor covariance)
    {
        using var scope = NewDisposeScope();
        var n = covariance.shape[0];
        var diagonal = covariance.diagonal();
        var correlation = covariance / diagonal.sqrt().outer(diagonal.sqrt());
        return ((correlation - eye(n, dtype: ScalarType.Float64)).abs().sum() / (n * (n - 1))).item<double>();
    }
}
