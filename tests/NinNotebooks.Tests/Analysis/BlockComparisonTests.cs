using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class BlockComparisonTests
{
    private static nn.Module<Tensor, Tensor> HandWritten(bool lastRelu = true) => lastRelu
        ? nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.ReLU(), nn.Conv2d(8, 4, 1), nn.ReLU())
        : nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.ReLU(), nn.Conv2d(8, 4, 1));

    [Fact]
    public void SameLayers_MatchAfterTheWeightsAreCopied()
    {
        using var library = new MlpConv(3, [8, 4], kernelSize: 3, padding: 1);
        using var mine = HandWritten();
        using var before = library.Convolutions[0].weight!.clone();

        var comparison = BlockComparison.Compare(mine, library, [2, 3, 6, 6]);

        Assert.True(comparison.Matches, comparison.ToString());
        Assert.Equal(library.CountParameters(), comparison.YourParameters);
        Assert.Equal(library.CountParameters(), comparison.LibraryParameters);
        Assert.True(before.allclose(library.Convolutions[0].weight!, rtol: 0, atol: 0), "the library's block is left as it was");
        Assert.EndsWith(": the same block", comparison.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingActivation_IsCaughtByTheOutputs()
    {
        using var library = new MlpConv(3, [8, 4], kernelSize: 3, padding: 1);
        using var mine = HandWritten(lastRelu: false);

        var comparison = BlockComparison.Compare(mine, library, [2, 3, 6, 6]);

        Assert.Equal(comparison.YourParameters, comparison.LibraryParameters);
        Assert.False(comparison.Matches);
        Assert.True(comparison.LargestDifference > BlockComparison.Tolerance);
        Assert.EndsWith("NOT the same block", comparison.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LayersOfOtherShapes_AreNamed()
    {
        using var library = new MlpConv(3, [8, 4], kernelSize: 3, padding: 1);
        using var mine = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.ReLU(), nn.Conv2d(8, 5, 1), nn.ReLU());

        var error = Assert.Throws<ArgumentException>(() => BlockComparison.Compare(mine, library, [1, 3, 6, 6]));

        Assert.Contains("parameter 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("[5, 8, 1, 1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("'cccp1.weight' [4, 8, 1, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongPadding_IsNamedByTheOutputShapes()
    {
        using var library = new MlpConv(3, [8, 4], kernelSize: 3, padding: 1);
        using var mine = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Conv2d(8, 4, 1), nn.ReLU());

        var error = Assert.Throws<ArgumentException>(() => BlockComparison.Compare(mine, library, [1, 3, 6, 6]));

        Assert.Contains("yours [1, 4, 4, 4], the library's [1, 4, 6, 6]", error.Message, StringComparison.Ordinal);
    }
}
