using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class AlexNetTests
{
    [Theory]
    [InlineData(HeadKind.FlattenLinear, 34_066_792)]
    [InlineData(HeadKind.GlobalAveragePooling, 7_053_200)]
    public void ParameterCounts_MatchSeed003sKerasSummaries(HeadKind head, long expected)
    {
        using var model = new AlexNet(head);

        Assert.Equal(expected, model.CountParameters());
    }

    [Fact]
    public void Layers_MatchTheKerasSummaryRowByRow()
    {
        using var model = new AlexNet(HeadKind.FlattenLinear);
        var rows = ModelSummary.Create(model, [1, 3, 224, 224]).Rows.Where(r => r.Parameters > 0 || r.Type.Contains("Pool", StringComparison.Ordinal)).ToList();

        // (output shape as N x C x H x W, parameters) from the seed's Keras summary, which prints N x H x W x C
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
        using var model = new AlexNet(HeadKind.GlobalAveragePooling);
        model.eval();
        using var output = model.call(randn(1, 3, 224, 224));
        var rows = ModelSummary.Create(model, [1, 3, 224, 224]).Rows;

        Assert.Equal(new long[] { 1, 1000 }, output.shape);
        Assert.Equal(2_305_000, rows.Single(r => r.Name == "classifier.conv6").Parameters);
        Assert.Equal(1_001_000, rows.Single(r => r.Name == "classifier.fc").Parameters);
        Assert.Equal("1x1000x1x1", string.Join("x", rows.Single(r => r.Name == "classifier.conv6").OutputShape!));
    }
}
