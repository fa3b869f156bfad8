using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class NiNTests
{
    [Fact]
    public void Cifar10_HasThePapersParameterCount()
    {
        using var model = new NiN(NinConfig.Cifar10);
        Assert.Equal(966_986, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Cifar10_MapsImagesToClassScores()
    {
        using var model = new NiN(NinConfig.Cifar10);
        model.eval();
        using var input = randn(2, 3, 32, 32);
        using var output = model.call(input);
        Assert.Equal(new long[] { 2, 10 }, output.shape);
    }
}
