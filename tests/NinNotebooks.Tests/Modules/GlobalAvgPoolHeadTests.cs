using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class GlobalAvgPoolHeadTests
{
    [Fact]
    public void GlobalAvgPoolHead_AveragesEachMapAndHasNoParameters()
    {
        using var head = new GlobalAvgPoolHead();
        using var input = randn(2, 10, 8, 8);
        using var output = head.call(input);

        Assert.Equal(new long[] { 2, 10 }, output.shape);
        Assert.True(output.allclose(input.mean([2, 3]), rtol: 1e-5, atol: 1e-6));
        Assert.Equal(0, head.CountParameters());
    }

    [Fact]
    public void GlobalAvgPoolHead_AcceptsAnyMapSize()
    {
        using var head = new GlobalAvgPoolHead();
        using var small = head.call(randn(1, 10, 3, 3));
        using var large = head.call(randn(1, 10, 17, 17));

        Assert.Equal(small.shape, large.shape);
    }
}
