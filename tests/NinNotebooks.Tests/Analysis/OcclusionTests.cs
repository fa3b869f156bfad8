using NinNotebooks.Analysis;
using NinNotebooks.Training;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class OcclusionTests
{
    /// <summary>A classifier that only looks at the top-left 8×8 corner: class 0's score is the corner's mean.</summary>
    private sealed class CornerModel : nn.Module<Tensor, Tensor>
    {
        public CornerModel() : base(nameof(CornerModel)) => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            using var corner = input[.., .., ..8, ..8].mean([1, 2, 3]);
            using var zero = zeros_like(corner);
            return stack([corner * 4, zero], 1);
        }
    }

    [Fact]
    public void Sensitivity_DropsOnlyWhereTheModelLooks()
    {
        using var model = new CornerModel();
        using var image = ones(3, 32, 32);
        using var map = Occlusion.Sensitivity(model, image, label: 0, patch: 8, stride: 2, batchSize: 50);
        Assert.Equal([13L, 13], map.shape);
        var unoccluded = (float)(1 / (1 + Math.Exp(-4)));
        Assert.Equal(0.5f, map[0, 0].item<float>(), 4);               // the corner fully hidden: scores tie
        Assert.Equal(unoccluded, map[12, 12].item<float>(), 4);      // far away: untouched
        Assert.Equal(unoccluded, map[0, 4].item<float>(), 4);        // starts at x = 8: misses the corner
        Assert.True(map[0, 2].item<float>() < unoccluded);            // half over the corner
    }

    [Fact]
    public void AComputePath_RunsTheForwardPasses_InBFloat16()
    {
        manual_seed(3);
        using var model = nn.Sequential(nn.Conv2d(3, 10, 3, padding: 1), nn.AdaptiveAvgPool2d(1), nn.Flatten());
        using var image = randn(3, 32, 32);

        using var plain = Occlusion.Sensitivity(model, image, label: 2);
        using var fast = Occlusion.Sensitivity(model, image, label: 2, path: ComputePath.Resolve(CPU, Precision.BFloat16));

        var difference = (plain - fast).abs().max().item<float>();
        Assert.InRange(difference, 1e-6f, 0.02f);   // bfloat16's rounding shows, and the map stays the same map
    }

    [Fact]
    public void BadArguments_AreRefused()
    {
        using var model = new CornerModel();
        using var image = ones(3, 32, 32);
        using var batch = ones(1, 3, 32, 32);
        Assert.Contains("C x H x W", Assert.Throws<ArgumentException>(() => Occlusion.Sensitivity(model, batch, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("must fit", Assert.Throws<ArgumentException>(() => Occlusion.Sensitivity(model, image, 0, patch: 40)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Occlusion.Sensitivity(model, image, 0, stride: 0));
    }
}
