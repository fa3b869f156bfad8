using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class AlexNetTests
{
    [Theory]
    [InlineData(AlexNetHead.FlattenLinear, 34_066_792)]
    [InlineData(AlexNetHead.Conv3x3GapDense, 7_053_200)]
    public void ParameterCounts_MatchTheKerasExamplesSummaries(AlexNetHead head, long expected)
    {
        using var model = new AlexNet(head);

        Assert.Equal(expected, model.CountParameters());
    }

    [Fact]
    public void Layers_MatchTheKerasSummaryRowByRow()
    {
        using var model = new AlexNet(AlexNetHead.FlattenLinear);
        var rows = ModelSummary.Create(model, [1, 3, 224, 224]).Rows.Where(r => r.Parameters > 0 || r.Type.Contains("Pool", StringComparison.Ordinal)).ToList();

        // (output shape as N x C x H x W, parameters) from the example's Keras summary, which prints N x H x W x C
        (string Shape, long Params)[] keras =
        [
            ("1x96x54x54", 34_944), ("1x256x54x54", 614_656), ("1x256x26x26", 0), ("1x384x24x24", 885_120),
            ("1x384x11x11", 0), ("1x384x9x9", 1_327_488), ("1x256x7x7", 884_992), ("1x256x3x3", 0),
            ("1x4096", 9_441_280), ("1x4096", 16_781_312), ("1x1000", 4_097_000),
        ];
        Assert.Equal(keras, rows.Select(r => (string.Join("x", r.OutputShape!), r.Parameters)));
    }

    [Fact]
    public void GapForm_ReplacesTheDenseLayersWithAConvAndGlobalAveraging()
    {
        using var model = new AlexNet(AlexNetHead.Conv3x3GapDense);
        model.eval();
        using var output = model.call(randn(1, 3, 224, 224));
        var rows = ModelSummary.Create(model, [1, 3, 224, 224]).Rows;

        Assert.Equal(new long[] { 1, 1000 }, output.shape);
        Assert.Equal(2_305_000, rows.Single(r => r.Name == "classifier.conv6").Parameters);
        Assert.Equal(1_001_000, rows.Single(r => r.Name == "classifier.fc").Parameters);
        Assert.Equal("1x1000x1x1", string.Join("x", rows.Single(r => r.Name == "classifier.conv6").OutputShape!));
    }

    [Fact]
    public void ExamplesGapHead_IsADenseLayerInDisguise()
    {
        // On the 3x3 body output, conv6 has a 1x1 output: it equals a Linear(2304, 1000) with the same weights.
        using var model = new AlexNet(AlexNetHead.Conv3x3GapDense);
        var conv6 = (TorchSharp.Modules.Conv2d)model.named_modules().Single(m => m.name == "classifier.conv6").module;
        using var body = randn(2, 256, 3, 3);
        using var linear = nn.Linear(2304, 1000);
        using (no_grad())
        {
            linear.weight!.copy_(conv6.weight!.reshape(1000, 2304));
            linear.bias!.copy_(conv6.bias!);
        }

        using var viaConv = conv6.call(body).flatten(1);
        using var viaLinear = linear.call(body.flatten(1));
        Assert.True(viaConv.allclose(viaLinear, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void NinHead_IsA1x1ConvolutionToOneMapPerClassThenGap()
    {
        using var model = new AlexNet(AlexNetHead.Conv1x1Gap, numClasses: 10);
        using var body = new AlexNet(AlexNetHead.Conv1x1Gap, numClasses: 1000);
        model.eval();
        using var output = model.call(randn(2, 3, 224, 224));
        var rows = ModelSummary.Create(body, [1, 3, 224, 224]).Rows;

        Assert.Equal(new long[] { 2, 10 }, output.shape);
        Assert.Equal(ParameterCount.Conv2d(256, 1000, 1), rows.Single(r => r.Name == "classifier.conv6").Parameters);
        Assert.Equal("1x1000x3x3", string.Join("x", rows.Single(r => r.Name == "classifier.conv6").OutputShape!));
        using var fc = new AlexNet(AlexNetHead.FlattenLinear);
        Assert.Equal(fc.CountParameters() - ParameterCount.Linear(2304, 4096) - ParameterCount.Linear(4096, 4096)
            - ParameterCount.Linear(4096, 1000) + ParameterCount.Conv2d(256, 1000, 1), body.CountParameters());
    }

    [Fact]
    public void KrizhevskysCount_IsTheSumOfItsLayersBuiltWithTorch()
    {
        // The real AlexNet's layers, with the two-GPU channel groups, built and counted by TorchSharp.
        using var original = nn.Sequential(
            nn.Conv2d(3, 96, 11, stride: 4), nn.Conv2d(96, 256, 5, groups: 2), nn.Conv2d(256, 384, 3),
            nn.Conv2d(384, 384, 3, groups: 2), nn.Conv2d(384, 256, 3, groups: 2),
            nn.Linear(9216, 4096), nn.Linear(4096, 4096), nn.Linear(4096, 1000));

        Assert.Equal(original.CountParameters(), AlexNet.KrizhevskyParameterCount);
        Assert.InRange(AlexNet.KrizhevskyParameterCount, 60_000_000, 61_000_000);   // "60 million parameters"
    }
}
