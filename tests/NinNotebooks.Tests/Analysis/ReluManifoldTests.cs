using NinNotebooks.Analysis;
using Xunit;

namespace NinNotebooks.Tests.Analysis;

public class ReluManifoldTests
{
    [Fact]
    public void Spiral_TurnsTwiceFromTheCentreToRadiusOne()
    {
        using var spiral = ReluManifold.Spiral(200);
        using var radius = spiral.norm(1);

        Assert.Equal(new long[] { 200, 2 }, spiral.shape);
        Assert.Equal(0, radius[0].item<float>(), 5);
        Assert.Equal(1, radius[-1].item<float>(), 5);
    }

    [Fact]
    public void ReluInFewDimensions_LosesTheSpiral_InManyKeepsIt()
    {
        using var spiral = ReluManifold.Spiral();
        int[] dimensions = [2, 3, 15, 30];
        var errors = dimensions.Select(m => ReluManifold.EmbedReluRecover(spiral, m).RelativeError).ToArray();

        Assert.True(errors[0] > 0.2, $"m = 2: {errors[0]}");
        Assert.True(errors[3] < 0.1, $"m = 30: {errors[3]}");
        Assert.True(errors[0] > errors[2] && errors[1] > errors[3], string.Join(", ", errors));
    }
}
