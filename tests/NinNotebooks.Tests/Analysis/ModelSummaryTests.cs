using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class ModelSummaryTests
{
    public static TheoryData<string> Names => [.. ModelCatalog.All.Select(e => e.Name)];

    private static ModelSummary Summarize(string name, int? depth = null)
    {
        var entry = ModelCatalog.Get(name);
        using var model = entry.Create();
        return ModelSummary.Create(model, entry.InputShape, depth, name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Totals_EqualTheSumOfTheRows(string name)
    {
        var summary = Summarize(name);

        Assert.Equal(summary.TotalParameters, summary.Rows.Sum(r => r.Parameters));
        Assert.Equal(summary.TrainableParameters, summary.Rows.Sum(r => r.TrainableParameters));
        Assert.Equal(summary.TotalMacs, summary.Rows.Sum(r => r.Macs));
        Assert.Equal(summary.TotalParameters * 4, summary.ParameterBytes);
    }

    [Fact]
    public void NinCifar10_RowsShowEachLayersOutputShapeParametersAndMacs()
    {
        var summary = Summarize("nin-cifar10");

        SummaryRow Row(string name) => summary.Rows.Single(r => r.Name == name);
        Assert.Equal(new long[] { 1, 192, 32, 32 }, Row("body.mlpconv1.conv").OutputShape);
        Assert.Equal(14_592, Row("body.mlpconv1.conv").Parameters);
        Assert.Equal(MacCount.Conv2d(3, 192, 5, 32, 32), Row("body.mlpconv1.conv").Macs);
        Assert.Equal(new long[] { 1, 96, 16, 16 }, Row("body.pool1").OutputShape);
        Assert.Equal(new long[] { 1, 192, 8, 8 }, Row("body.pool2").OutputShape);
        Assert.Equal(new long[] { 1, 10, 8, 8 }, Row("body.mlpconv3.cccp2").OutputShape);
        Assert.Equal(new long[] { 1, 10 }, summary.OutputShape);
        Assert.Equal("Conv2d", Row("body.mlpconv3.cccp1").Type);
        Assert.Equal("body.mlpconv1.conv", summary.Rows[0].Name);
        Assert.Equal("head.flatten", summary.Rows[^1].Name);
    }

    [Fact]
    public void NinCifar10_TotalMacsAreTheSumOfEveryConvolutionsFormula()
    {
        long expected = 0;
        var (inChannels, size) = (3, 32);
        foreach (var stage in NinConfig.Cifar10.Stages)
        {
            for (var i = 0; i < stage.Channels.Count; i++)
            {
                expected += MacCount.Conv2d(inChannels, stage.Channels[i], i == 0 ? stage.KernelSize : 1, size, size);
                inChannels = stage.Channels[i];
            }

            size = stage.Pool == NinPool.None ? size : size / 2;
        }

        Assert.Equal(expected, Summarize("nin-cifar10").TotalMacs);
        Assert.Equal(222_486_528, expected);
    }

    [Fact]
    public void Depth_FoldsLayersIntoTheirBlock()
    {
        var byBlock = Summarize("nin-cifar10", depth: 2);
        var byHalf = Summarize("nin-cifar10", depth: 1);

        Assert.Equal(
            ["body.mlpconv1", "body.pool1", "body.dropout1", "body.mlpconv2", "body.pool2", "body.dropout2", "body.mlpconv3", "head.pool", "head.flatten"],
            byBlock.Rows.Select(r => r.Name));
        Assert.Equal("MlpConv", byBlock.Rows[0].Type);
        Assert.Equal(60_928, byBlock.Rows[0].Parameters);
        Assert.Equal(["body", "head"], byHalf.Rows.Select(r => r.Name));
        Assert.Equal(byHalf.TotalMacs, byHalf.Rows[0].Macs);
    }

    [Fact]
    public void TextTable_EndsWithTheTotalParamsLine()
    {
        var text = Summarize("nin-cifar10").ToString();
        var lines = text.Split('\n');

        Assert.Equal("Total params: 966,986", lines[^1]);
        Assert.Contains("Trainable params: 966,986", lines);
        Assert.Contains("Non-trainable params: 0", lines);
        Assert.Contains(lines, l => l.StartsWith("body.mlpconv1.conv (Conv2d)", StringComparison.Ordinal) && l.Contains("1 x 192 x 32 x 32") && l.Contains("14,592"));
        Assert.StartsWith("MACs: 222,486,528 (222.49 M", lines.Single(l => l.StartsWith("MACs:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Html_IsATableWithEveryRowAndTheTotals()
    {
        var summary = Summarize("inception-3a");
        var html = summary.ToHtml();

        Assert.StartsWith("<div class=\"nin-summary\">", html);
        Assert.Equal(summary.Rows.Count + 1, html.Split("<tr>").Length - 1);
        Assert.Contains("Total params: <b>163,696</b>", html);
        Assert.Contains("<code>branch5x5.conv.conv</code>", html);
    }

    [Fact]
    public void Html_EscapesNames()
    {
        using var model = nn.Sequential(("a<b>", nn.Linear(2, 2)));

        var html = ModelSummary.Create(model, [1, 2], name: "x & y").ToHtml();

        Assert.Contains("a&lt;b&gt;", html);
        Assert.Contains("x &amp; y", html);
    }

    [Fact]
    public void LayersThatDoNotRun_KeepTheirParametersAndSaySo()
    {
        var summary = Summarize("googlenet");
        var aux = summary.Rows.Where(r => r.Name.StartsWith("aux1.", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(aux);
        Assert.All(aux, r => Assert.False(r.WasRun));
        Assert.All(aux, r => Assert.Equal(0, r.Macs));
        Assert.Contains("not run", summary.ToString());
        Assert.Equal(aux.Sum(r => r.Parameters), ParameterCount.Conv2d(512, 128, 1) + ParameterCount.Linear(2048, 1024) + ParameterCount.Linear(1024, 1000));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Create_RestoresTheTrainingMode(bool training)
    {
        using var model = new NiN(NinConfig.Cifar10);
        model.train(training);

        ModelSummary.Create(model, [1, 3, 32, 32]);

        Assert.Equal(training, model.training);
        Assert.All(model.modules(), m => Assert.Equal(training, m.training));
    }

    [Fact]
    public void Create_LeaksNoTensorAndLeavesNoHook()
    {
        using var model = new NiN(NinConfig.Cifar10);
        var first = ModelSummary.Create(model, [2, 3, 32, 32]);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var second = ModelSummary.Create(model, [2, 3, 32, 32]);

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(0, model.modules().Sum(ForwardHookCount));
        Assert.Equal(first.Rows.Select(r => r.Macs), second.Rows.Select(r => r.Macs));
        Assert.Equal(2 * Summarize("nin-cifar10").TotalMacs, second.TotalMacs);
    }

    [Fact]
    public void FrozenParameters_AreCountedAsNonTrainable()
    {
        using var model = new NiN(NinConfig.Cifar10);
        foreach (var parameter in model.Blocks[0].parameters())
        {
            parameter.requires_grad = false;
        }

        var summary = ModelSummary.Create(model, [1, 3, 32, 32]);

        Assert.Equal(60_928, summary.NonTrainableParameters);
        Assert.Equal(966_986 - 60_928, summary.TrainableParameters);
        Assert.Contains("Non-trainable params: 60,928", summary.ToString());
    }

    [Fact]
    public void ParametersOnAContainerItself_GetTheirOwnRow()
    {
        using var model = new ScaledLinear();

        var summary = ModelSummary.Create(model, [1, 4]);

        Assert.Equal(["linear", "(model)"], summary.Rows.Select(r => r.Name));
        Assert.Equal(summary.TotalParameters, summary.Rows.Sum(r => r.Parameters));
        Assert.Equal(20 + 3, summary.TotalParameters);
    }

    [Fact]
    public void SingleLayer_IsItsOwnRow()
    {
        using var conv = nn.Conv2d(3, 8, 3);

        var summary = ModelSummary.Create(conv, [1, 3, 10, 10]);

        Assert.Equal("Conv2d", Assert.Single(summary.Rows).Type);
        Assert.Equal(new long[] { 1, 8, 8, 8 }, summary.OutputShape);
    }

    [Theory]
    [InlineData(new long[] { 1, 3, 0, 32 }, "is invalid")]
    [InlineData(new long[] { }, "is invalid")]
    [InlineData(new long[] { 1, 1, 32, 32 }, "nin-cifar10 expects images shaped N x 3 x H x W")]
    [InlineData(new long[] { 1, 3, 2, 2 }, "cannot run on an input of shape [1, 3, 2, 2]")]
    public void BadInputShape_GivesAClearErrorAndLeavesTheModelUsable(long[] shape, string expected)
    {
        using var model = new NiN(NinConfig.Cifar10);
        model.train();

        var error = Assert.Throws<ArgumentException>(() => ModelSummary.Create(model, shape, name: "nin-cifar10"));

        Assert.Contains(expected, error.Message);
        Assert.True(model.training);
        Assert.Equal(966_986, ModelSummary.Create(model, [1, 3, 32, 32]).TotalParameters);
    }

    [Fact]
    public void DepthBelowOne_IsRejected()
    {
        using var model = new NiN(NinConfig.Cifar10);

        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => ModelSummary.Create(model, [1, 3, 32, 32], depth: 0)).ParamName);
    }

    /// <summary>Forward hooks registered on a module (read from TorchSharp 0.107's private hook table; test-only).</summary>
    private static int ForwardHookCount(nn.Module module)
    {
        var field = FindField(module.GetType(), "post_hooks");
        return field?.GetValue(module) is System.Collections.ICollection hooks
            ? hooks.Count
            : throw new InvalidOperationException($"TorchSharp's hook table was not found on {module.GetType().Name}.");
    }

    private static System.Reflection.FieldInfo? FindField(Type? type, string name)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.GetField(name, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance) is { } field)
            {
                return field;
            }
        }

        return null;
    }

    private sealed class ScaledLinear : nn.Module<Tensor, Tensor>
    {
        private readonly Linear linear = nn.Linear(4, 4);
        private readonly Parameter scale = nn.Parameter(ones(3));

        public ScaledLinear() : base(nameof(ScaledLinear)) => RegisterComponents();

        public override Tensor forward(Tensor input) => linear.call(input) * scale[0];
    }
}
