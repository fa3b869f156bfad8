using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class GoogLeNetTests
{
    private static long StemParameters() =>
        ParameterCount.Conv2d(3, 64, 7) + ParameterCount.Conv2d(64, 64, 1) + ParameterCount.Conv2d(64, 192, 3);

    private static long AuxParameters(int inChannels, int classes) =>
        ParameterCount.Conv2d(inChannels, 128, 1) + ParameterCount.Linear(2048, 1024) + ParameterCount.Linear(1024, classes);

    [Fact]
    public void ParameterCount_IsStemPlusTableRowsPlusClassifier()
    {
        using var model = new GoogLeNet(auxClassifiers: false);

        var expected = StemParameters() + GoogLeNet.Table.Sum(InceptionBlockTests.FormulaParameters) + ParameterCount.Linear(1024, 1000);

        Assert.Equal(expected, model.CountParameters());
    }

    private static readonly string[] Branches = ["branch1x1", "branch3x3", "branch5x5", "branchPool"];

    [Fact]
    public void Depth_CountsTheLongestPathOfLayersWithWeightsInTheBuiltNetwork()
    {
        using var model = new GoogLeNet(numClasses: 10, auxClassifiers: false);
        var modules = model.named_modules().ToList();
        int Count<T>(string prefix) => modules.Count(m => m.name.StartsWith(prefix, StringComparison.Ordinal) && m.module is T);
        var blocks = modules.Where(m => m.module is InceptionBlock).Select(m => m.name).ToList();
        // the longest branch of each block: the convolutions under its deepest branch
        var perBlock = blocks.Select(b => Branches.Max(branch => Count<TorchSharp.Modules.Conv2d>($"{b}.{branch}."))).ToList();

        Assert.Equal(GoogLeNet.StemConvolutions, Count<TorchSharp.Modules.Conv2d>("stem."));
        Assert.Equal(GoogLeNet.Table.Count, blocks.Count);
        Assert.All(perBlock, n => Assert.Equal(2, n));
        Assert.Equal(1, modules.Count(m => m.module is TorchSharp.Modules.Linear));
        Assert.Equal(GoogLeNet.StemConvolutions + perBlock.Sum() + 1, GoogLeNet.Depth);
        Assert.Equal(22, GoogLeNet.Depth);   // the paper's "22 layers deep (when counting only layers with parameters)"
        Assert.Equal(8, AlexNet.KrizhevskyDepth);
    }

    [Fact]
    public void AuxiliaryClassifiers_AddTheirOwnParameters()
    {
        using var with = new GoogLeNet();
        using var without = new GoogLeNet(auxClassifiers: false);

        Assert.True(with.HasAuxClassifiers);
        Assert.False(without.HasAuxClassifiers);
        Assert.Equal(without.CountParameters() + AuxParameters(512, 1000) + AuxParameters(528, 1000), with.CountParameters());
    }

    [Fact]
    public void EvalMode_GivesClassScoresAndNoAuxiliaryOutputs()
    {
        using var model = new GoogLeNet(numClasses: 10);
        model.eval();
        using var output = model.ForwardWithAuxiliary(randn(1, 3, 224, 224));

        Assert.Equal(new long[] { 1, 10 }, output.Logits.shape);
        Assert.Null(output.Aux1);
        Assert.Null(output.Aux2);
    }

    [Fact]
    public void TrainingMode_AlsoRunsBothAuxiliaryClassifiers()
    {
        using var model = new GoogLeNet(numClasses: 10);
        model.train();
        using var output = model.ForwardWithAuxiliary(randn(2, 3, 224, 224));
        using var targets = tensor(new long[] { 3, 7 });
        using var loss = output.Loss(targets);

        Assert.Equal(new long[] { 2, 10 }, output.Aux1!.shape);
        Assert.Equal(new long[] { 2, 10 }, output.Aux2!.shape);
        var expected = nn.functional.cross_entropy(output.Logits, targets).item<float>()
            + (0.3f * nn.functional.cross_entropy(output.Aux1, targets).item<float>())
            + (0.3f * nn.functional.cross_entropy(output.Aux2, targets).item<float>());
        Assert.Equal(expected, loss.item<float>(), 4);
    }

    [Fact]
    public void Summary_MatchesThePapersShapesAndBudget()
    {
        using var model = new GoogLeNet();
        var summary = ModelSummary.Create(model, [1, 3, 224, 224], depth: 1);

        string Shape(string name) => string.Join("x", summary.Rows.Single(r => r.Name == name).OutputShape!);
        Assert.Equal("1x192x28x28", Shape("stem"));
        Assert.Equal("1x480x28x28", Shape("inception3b"));
        Assert.Equal("1x832x7x7", Shape("pool4"));
        Assert.Equal("1x1024x7x7", Shape("inception5b"));
        Assert.False(summary.Rows.Single(r => r.Name == "aux1").WasRun);
        // The paper: "a computational budget of 1.5 billion multiply-adds at inference time".
        Assert.InRange(summary.TotalMacs, 1.4e9, 1.7e9);
    }

    [Fact]
    public void TotalMacs_AreTheSumOfEveryConvolutionAndTheClassifier()
    {
        long expected = MacCount.Conv2d(3, 64, 7, 112, 112) + MacCount.Conv2d(64, 64, 1, 56, 56) + MacCount.Conv2d(64, 192, 3, 56, 56);
        foreach (var s in GoogLeNet.Table)
        {
            var size = s.Name[0] switch { '3' => 28, '4' => 14, _ => 7 };
            expected += MacCount.Conv2d(s.InChannels, s.Ch1x1, 1, size, size)
                + MacCount.Conv2d(s.InChannels, s.Ch3x3Reduce, 1, size, size) + MacCount.Conv2d(s.Ch3x3Reduce, s.Ch3x3, 3, size, size)
                + MacCount.Conv2d(s.InChannels, s.Ch5x5Reduce, 1, size, size) + MacCount.Conv2d(s.Ch5x5Reduce, s.Ch5x5, 5, size, size)
                + MacCount.Conv2d(s.InChannels, s.PoolProj, 1, size, size);
        }

        expected += MacCount.Linear(1024, 1000);
        using var model = new GoogLeNet();
        var summary = ModelSummary.Create(model, [1, 3, 224, 224]);

        Assert.Equal(expected, summary.TotalMacs);
        Assert.Contains("(1.58 G;", summary.ToString());
    }

    [Fact]
    public void WrongInput_GivesAClearError()
    {
        using var model = new GoogLeNet();

        var error = Assert.Throws<ArgumentException>(() => model.call(randn(1, 1, 224, 224)));

        Assert.Contains("GoogLeNet expects images shaped N x 3 x 224 x 224", error.Message);
    }
}
