using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Training;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Data;

public class EdgePatchesTests
{
    [Fact]
    public void Generate_IsBalancedDeterministicAndShaped()
    {
        var (patches, labels) = EdgePatches.Generate(400, seed: 3);
        var (again, _) = EdgePatches.Generate(400, seed: 3);
        var (other, _) = EdgePatches.Generate(400, seed: 4);
        Assert.Equal([400L, 1, 3, 3], patches.shape);
        Assert.Equal(ScalarType.Float32, patches.dtype);
        Assert.Equal(ScalarType.Int64, labels.dtype);
        Assert.InRange(labels.sum().item<long>(), 160, 240);
        Assert.True(patches.allclose(again, rtol: 0, atol: 0));
        Assert.False(patches.allclose(other));
    }

    /// <summary>
    /// The polarities the documentation promises: vertical edges (class 1) come both ways, dark to light and light to
    /// dark; horizontal edges (class 0) only one way, dark above and light below.
    /// </summary>
    [Fact]
    public void Generate_DrawsVerticalEdgesBothWaysAndHorizontalEdgesOneWay()
    {
        var (patches, labels) = EdgePatches.Generate(2_000, seed: 5);
        var p = patches.squeeze(1);
        var leftToRight = p[.., .., 2].mean([1]) - p[.., .., 0].mean([1]);   // right column minus left column
        var topToBottom = p[.., 2, ..].mean([1]) - p[.., 0, ..].mean([1]);   // bottom row minus top row
        var edge = labels == 1;
        var horizontal = (labels == 0) & (topToBottom.abs() > 0.3);

        Assert.True((edge & (leftToRight > 0.3)).sum().item<long>() > 300);   // dark to light
        Assert.True((edge & (leftToRight < -0.3)).sum().item<long>() > 300);  // light to dark
        Assert.True(horizontal.sum().item<long>() > 300);
        Assert.True((topToBottom[horizontal] > 0).all().item<bool>());        // always dark above, light below
    }

    /// <summary>
    /// What notebook 1 shows: one linear filter cannot learn "a vertical edge of either polarity" (it gets about three of
    /// the four kinds of patch right), while an mlpconv micro network can.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void LinearFilterFails_MicroNetworkLearnsTheConcept(int seed)
    {
        var (patches, labels) = EdgePatches.Generate(2_000, seed: 0);
        var (testPatches, testLabels) = EdgePatches.Generate(1_000, seed: 1);
        manual_seed(seed);
        using var glm = nn.Conv2d(1, 2, 3);
        using var micro = nn.Sequential(new MlpConv(1, [16], kernelSize: 3), nn.Conv2d(16, 2, 1));
        FullBatch.Fit(glm, patches, labels);
        FullBatch.Fit(micro, patches, labels);
        Assert.InRange(FullBatch.Accuracy(glm, testPatches, testLabels), 0.5, 0.8);
        Assert.InRange(FullBatch.Accuracy(micro, testPatches, testLabels), 0.95, 1.0);
    }
}
