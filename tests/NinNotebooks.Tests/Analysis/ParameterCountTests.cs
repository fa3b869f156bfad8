using NinNotebooks.Analysis;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class ParameterCountTests
{
    [Theory]
    [InlineData(3, 192, 5, true, 1)]
    [InlineData(192, 160, 1, true, 1)]
    [InlineData(32, 32, 3, false, 32)]
    [InlineData(64, 128, 3, true, 4)]
    public void Conv2dFormula_MatchesTheModule(int inChannels, int outChannels, int kernel, bool bias, int groups)
    {
        using var conv = nn.Conv2d(inChannels, outChannels, kernel, groups: groups, bias: bias);

        Assert.Equal(conv.CountParameters(), ParameterCount.Conv2d(inChannels, outChannels, kernel, bias, groups));
    }

    [Theory]
    [InlineData(2304, 4096, true)]
    [InlineData(640, 10, false)]
    public void LinearFormula_MatchesTheModule(int inFeatures, int outFeatures, bool bias)
    {
        using var linear = nn.Linear(inFeatures, outFeatures, hasBias: bias);

        Assert.Equal(linear.CountParameters(), ParameterCount.Linear(inFeatures, outFeatures, bias));
    }

    [Fact]
    public void TrainableOnly_LeavesOutFrozenParameters()
    {
        using var model = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2));
        model.parameters().First().requires_grad = false;

        Assert.Equal(15 + 8, model.CountParameters());
        Assert.Equal(3 + 8, model.CountParameters(trainableOnly: true));
    }
}
