using NinNotebooks.Analysis;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class MacCountTests
{
    [Fact]
    public void Convolution_CostsInOverGroupsTimesKernelAreaPerOutputValue()
    {
        using var conv = nn.Conv2d(3, 192, 5, padding: 2);
        using var output = conv.call(zeros(1, 3, 32, 32));

        Assert.Equal(14_745_600, MacCount.Of(conv, output.shape));
        Assert.Equal(MacCount.Conv2d(3, 192, 5, 32, 32), MacCount.Of(conv, output.shape));
    }

    [Fact]
    public void GroupedAndStridedConvolution_MatchesTheFormula()
    {
        using var conv = nn.Conv2d(32, 32, 3, stride: 2, padding: 1, groups: 32);
        using var output = conv.call(zeros(2, 32, 16, 16));

        Assert.Equal(2 * MacCount.Conv2d(32, 32, 3, 8, 8, groups: 32), MacCount.Of(conv, output.shape));
        Assert.Equal(2 * 8 * 8 * 32 * 9, MacCount.Of(conv, output.shape));
    }

    [Fact]
    public void Linear_CostsInFeaturesPerOutputValue()
    {
        using var linear = nn.Linear(2304, 4096);

        Assert.Equal(2 * 2304 * 4096, MacCount.Of(linear, [2, 4096]));
        Assert.Equal(2304 * 4096, MacCount.Linear(2304, 4096));
    }

    [Fact]
    public void OtherLayers_CostNothing()
    {
        using var relu = nn.ReLU();
        using var pool = nn.MaxPool2d(3, stride: 2);
        using var norm = nn.BatchNorm2d(8);

        Assert.Equal(0, MacCount.Of(relu, [1, 8, 4, 4]));
        Assert.Equal(0, MacCount.Of(pool, [1, 8, 4, 4]));
        Assert.Equal(0, MacCount.Of(norm, [1, 8, 4, 4]));
    }

    [Fact]
    public void OneByOneThenThreeByThree_IsCheaperThanThreeByThreeAlone()
    {
        // Inception 3a's 3x3 branch on 28x28 with 192 input channels
        var direct = MacCount.Conv2d(192, 128, 3, 28, 28);
        var bottleneck = MacCount.Conv2d(192, 96, 1, 28, 28) + MacCount.Conv2d(96, 128, 3, 28, 28);

        Assert.Equal(173_408_256, direct);
        Assert.Equal(101_154_816, bottleneck);
    }
}
