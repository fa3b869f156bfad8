using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class FlattenLinearHeadTests
{
    [Fact]
    public void FlattenLinearHead_CostsOneWeightPerMapValueAndClass()
    {
        using var head = new FlattenLinearHead(192, 8, 8, 10);
        using var output = head.call(randn(2, 192, 8, 8));

        Assert.Equal(new long[] { 2, 10 }, output.shape);
        Assert.Equal((192 * 8 * 8 * 10) + 10, head.CountParameters());
        Assert.Equal(122_890, head.CountParameters());
    }

    [Fact]
    public void FlattenLinearHead_RejectsAnotherMapSizeWithAClearError()
    {
        using var head = new FlattenLinearHead(10, 8, 8, 10);

        var error = Assert.Throws<ArgumentException>(() => head.call(randn(1, 10, 9, 9)));

        Assert.Contains("C·H·W = 640", error.Message);
    }
}
