using NinNotebooks.Modules;
using Xunit;

namespace NinNotebooks.Tests.Modules;

public class NinStageTests
{
    [Fact]
    public void ToString_DescribesTheRowLikeThePaper()
    {
        Assert.Equal("5×5 conv (pad 2) → 192 → 160 → 96, max pool 3/2, dropout 0.5", NinConfig.Cifar10.Stages[0].ToString());
        Assert.Equal("3×3 conv (pad 1) → 192 → 192 → 10", NinConfig.Cifar10.Stages[2].ToString());
    }
}
