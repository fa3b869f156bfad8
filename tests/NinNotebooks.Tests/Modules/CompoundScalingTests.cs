using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using Xunit;

namespace NinNotebooks.Tests.Modules;

public class CompoundScalingTests
{
    [Fact]
    public void EfficientNetsBases_AboutDoubleTheCostPerStep()
    {
        var step = CompoundScaling.ForPhi(1);

        Assert.Equal((1.2, 1.1, 1.15), (step.Depth, step.Width, step.Resolution));
        Assert.InRange(step.PredictedMacRatio, 1.9, 2.0);
        Assert.Equal(Math.Pow(step.PredictedMacRatio, 2), CompoundScaling.ForPhi(2).PredictedMacRatio, 9);
    }

    [Fact]
    public void Apply_ScalesWidthDepthAndResolution_KeepingOneMapPerClass()
    {
        var scaled = CompoundScaling.ForPhi(1).Apply(NinConfig.Cifar10);

        Assert.Equal(37, scaled.ImageSize);                                   // 32 × 1.15 = 36.8
        Assert.Equal([211, 176, 176, 106], scaled.Stages[0].Channels);       // ×1.1, and 3 × 1.2 = 3.6 → 4 layers
        Assert.Equal([211, 211, 211, 10], scaled.Stages[2].Channels);        // the class maps stay 10
        Assert.Equal(NinConfig.Cifar10.Stages[1].KernelSize, scaled.Stages[1].KernelSize);
        using var network = new NiN(scaled);
        Assert.Equal(10, network.Config.NumClasses);
    }

    [Fact]
    public void Identity_ChangesNothing()
    {
        var same = new CompoundScaling(1, 1, 1).Apply(NinConfig.Cifar10);

        Assert.Equal(NinConfig.Cifar10.ImageSize, same.ImageSize);
        Assert.All(same.Stages.Zip(NinConfig.Cifar10.Stages), p => Assert.Equal(p.Second.Channels, p.First.Channels));
        Assert.Equal(CompoundScaling.Macs(NinConfig.Cifar10), CompoundScaling.Macs(same));
    }

    [Fact]
    public void WidthAndResolution_ScaleTheCountedMacsAsPredicted_DepthLess()
    {
        var baseMacs = (double)CompoundScaling.Macs(NinConfig.Cifar10);
        using var nin = new NiN(NinConfig.Cifar10);
        Assert.Equal(ModelSummary.Create(nin, [1, 3, 32, 32]).TotalMacs, (long)baseMacs);

        // Doubling every width (but the 10 class maps) multiplies the MACs by almost 4; doubling resolution by about 4.
        var wider = CompoundScaling.Macs(new CompoundScaling(1, 2, 1).Apply(NinConfig.Cifar10)) / baseMacs;
        var larger = CompoundScaling.Macs(new CompoundScaling(1, 1, 2).Apply(NinConfig.Cifar10)) / baseMacs;
        var deeper = CompoundScaling.Macs(new CompoundScaling(2, 1, 1).Apply(NinConfig.Cifar10)) / baseMacs;
        Assert.InRange(wider, 3.5, 4.0);
        Assert.InRange(larger, 3.5, 4.5);
        Assert.InRange(deeper, 1.0, 2.0);    // NiN's added layers are 1×1: cheaper than the 5×5 ones it already has
    }
}
