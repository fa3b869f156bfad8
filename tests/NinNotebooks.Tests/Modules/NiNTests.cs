using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class NiNTests
{
    public static TheoryData<string> Configs => ["nin-cifar10", "nin-cifar100", "nin-mnist"];

    private static NinConfig Config(string name) =>
        new[] { NinConfig.Cifar10, NinConfig.Cifar100, NinConfig.Mnist }.Single(c => c.Name == name);

    /// <summary>Parameters of a configuration by formula, layer by layer, independent of the module code.</summary>
    private static long FormulaParameters(NinConfig config)
    {
        long total = 0;
        var inChannels = config.InputChannels;
        foreach (var stage in config.Stages)
        {
            for (var i = 0; i < stage.Channels.Count; i++)
            {
                total += ParameterCount.Conv2d(inChannels, stage.Channels[i], i == 0 ? stage.KernelSize : 1);
                inChannels = stage.Channels[i];
            }
        }

        return total;
    }

    [Fact]
    public void Cifar10_HasThePapersParameterCount()
    {
        using var model = new NiN(NinConfig.Cifar10);

        Assert.Equal(966_986, model.CountParameters());
        Assert.Equal(966_986, FormulaParameters(NinConfig.Cifar10));
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ParameterCount_MatchesTheLayerFormula(string name)
    {
        using var model = new NiN(Config(name));

        Assert.Equal(FormulaParameters(Config(name)), model.CountParameters());
    }

    [Theory]
    [InlineData("nin-cifar100", 984_356)]
    [InlineData("nin-mnist", 349_674)]
    public void OtherConfigs_HaveTheirDocumentedCounts(string name, long expected)
    {
        using var model = new NiN(Config(name));

        Assert.Equal(expected, model.CountParameters());
    }

    [Fact]
    public void Cifar10_LayerTableIsTheAuthors()
    {
        var stages = NinConfig.Cifar10.Stages;

        Assert.Equal([192, 160, 96], stages[0].Channels);
        Assert.Equal([192, 192, 192], stages[1].Channels);
        Assert.Equal([192, 192, 10], stages[2].Channels);
        Assert.Equal([5, 5, 3], stages.Select(s => s.KernelSize));
        Assert.Equal([NinPool.Max, NinPool.Max, NinPool.None], stages.Select(s => s.Pool));
        Assert.Equal([0.5, 0.5, 0.0], stages.Select(s => s.Dropout));
    }

    [Theory]
    [InlineData("nin-cifar10", 3, 32, 10, 8)]
    [InlineData("nin-cifar100", 3, 32, 100, 8)]
    [InlineData("nin-mnist", 1, 28, 10, 7)]
    public void Shapes_ImagesToClassMapsToScores(string name, int channels, int size, int classes, int mapSize)
    {
        using var model = new NiN(Config(name));
        model.eval();
        using var input = randn(2, channels, size, size);
        using var maps = model.ForwardFeatures(input);
        using var scores = model.call(input);

        Assert.Equal(new long[] { 2, classes, mapSize, mapSize }, maps.shape);
        Assert.Equal(mapSize, Config(name).FeatureMapSize);
        Assert.Equal(new long[] { 2, classes }, scores.shape);
    }

    [Fact]
    public void GapHead_ScoresAreTheMeansOfTheClassMaps()
    {
        using var model = new NiN(NinConfig.Cifar10);
        model.eval();
        using var input = randn(2, 3, 32, 32);
        using var maps = model.ForwardFeatures(input);
        using var scores = model.call(input);
        using var means = maps.mean([2, 3]);

        Assert.True(scores.allclose(means, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void FlattenLinearHead_SameBodyPlusAFullyConnectedLayer()
    {
        using var gap = new NiN(NinConfig.Cifar10);
        using var fc = new NiN(NinConfig.Cifar10, HeadKind.FlattenLinear);
        fc.eval();
        using var input = randn(2, 3, 32, 32);
        using var scores = fc.call(input);

        Assert.Equal(HeadKind.FlattenLinear, fc.Head);
        Assert.Equal(gap.CountParameters() + ParameterCount.Linear(10 * 8 * 8, 10), fc.CountParameters());
        Assert.Equal(973_396, fc.CountParameters());
        Assert.Equal(new long[] { 2, 10 }, scores.shape);
        Assert.Equal(
            gap.named_parameters().Where(p => p.name.StartsWith("body.", StringComparison.Ordinal)).Select(p => $"{p.name}{string.Join("x", p.parameter.shape)}"),
            fc.named_parameters().Where(p => p.name.StartsWith("body.", StringComparison.Ordinal)).Select(p => $"{p.name}{string.Join("x", p.parameter.shape)}"));
    }

    [Fact]
    public void BodyChildren_FollowTheTable()
    {
        using var model = new NiN(NinConfig.Cifar10);
        var body = model.named_children().Single(c => c.name == "body").module;

        Assert.Equal(
            ["mlpconv1", "pool1", "dropout1", "mlpconv2", "pool2", "dropout2", "mlpconv3"],
            body.named_children().Select(c => c.name));
        Assert.Equal(3, model.Blocks.Count);
    }

    [Fact]
    public void PaperInit_DrawsWeightsWithTheConfiguredStdAndZeroBiases()
    {
        manual_seed(1);
        using var cifar10 = new NiN(NinConfig.Cifar10);
        using var cifar100 = new NiN(NinConfig.Cifar100);

        var conv2 = cifar10.Blocks[1].Convolutions[0];
        Assert.InRange(conv2.weight!.std().item<float>(), 0.048, 0.052);
        Assert.Equal(0, conv2.bias!.abs().sum().item<float>());
        Assert.InRange(cifar100.Blocks[0].Convolutions[0].weight!.std().item<float>(), 0.0009, 0.0011);
        Assert.InRange(cifar100.Blocks[0].Convolutions[1].weight!.std().item<float>(), 0.009, 0.011);
    }

    [Fact]
    public void KaimingInit_UsesTheFanInStd()
    {
        manual_seed(2);
        using var model = new NiN(NinConfig.Cifar10, init: WeightInit.Kaiming);

        var conv2 = model.Blocks[1].Convolutions[0];
        var expected = Math.Sqrt(2.0 / (96 * 5 * 5));
        Assert.InRange(conv2.weight!.std().item<float>(), expected * 0.95, expected * 1.05);
        Assert.Equal(0, conv2.bias!.abs().sum().item<float>());
    }

    [Fact]
    public void Dropout_ActsOnlyInTrainingMode()
    {
        using var model = new NiN(NinConfig.Cifar10);
        using var input = randn(2, 3, 32, 32);

        model.eval();
        using var first = model.call(input);
        using var second = model.call(input);
        model.train();
        using var trained = model.ForwardFeatures(input);
        model.eval();
        using var evaluated = model.ForwardFeatures(input);

        Assert.True(first.eq(second).all().item<bool>());
        Assert.False(trained.allclose(evaluated));
        Assert.Equal(2, model.modules().OfType<Dropout>().Count());
    }

    [Fact]
    public void WrongChannelCount_GivesAClearError()
    {
        using var model = new NiN(NinConfig.Cifar10);
        using var input = randn(1, 1, 32, 32);

        var error = Assert.Throws<ArgumentException>(() => model.call(input));

        Assert.Contains("nin-cifar10 expects images shaped N x 3 x H x W", error.Message);
        Assert.Contains("[1, 1, 32, 32]", error.Message);
    }

    [Fact]
    public void ConfigWhoseLastStageIsNotOneMapPerClass_IsRejected()
    {
        var config = NinConfig.Cifar10 with { NumClasses = 7 };

        var error = Assert.Throws<ArgumentException>(() => new NiN(config));

        Assert.Contains("last stage outputs 10 maps but NumClasses is 7", error.Message);
    }

    [Fact]
    public void AveragePoolingVariant_IsAvailableFromTheTable()
    {
        var stages = NinConfig.Cifar10.Stages.ToList();
        stages[1] = stages[1] with { Pool = NinPool.Average };
        using var model = new NiN(NinConfig.Cifar10 with { Name = "nin-caffe", Stages = stages });

        Assert.Single(model.modules().OfType<AvgPool2d>());
        Assert.Equal(966_986, model.CountParameters());
    }

    [Fact]
    public void PoolOutputSize_IsWhatTorchSharpsPoolingGivesInFloorAndCeilMode()
    {
        for (var size = 3; size <= 40; size++)
        {
            using var input = zeros(1, 1, size, size);
            using var floor = nn.MaxPool2d(3, stride: 2);
            using var ceil = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
            using var floored = floor.call(input);
            using var ceiled = ceil.call(input);
            Assert.Equal(floored.shape[2], NinConfig.PoolOutputSize(size, ceilMode: false));
            Assert.Equal(ceiled.shape[2], NinConfig.PoolOutputSize(size, ceilMode: true));
        }

        Assert.Equal((15, 16), (NinConfig.PoolOutputSize(32, false), NinConfig.PoolOutputSize(32, true)));
    }

    [Theory]
    [InlineData("nin-cifar10")]
    [InlineData("nin-mnist")]
    public void BlockAndStageOutputSizes_AreTheShapesTheNetworkComputes(string name)
    {
        var config = Config(name);
        using var model = new NiN(config);
        model.eval();
        using var input = zeros(1, config.InputChannels, config.ImageSize, config.ImageSize);
        var stages = model.ForwardStages(input);
        for (var i = 0; i < stages.Count; i++)
        {
            Assert.Equal(stages[i].shape[2], config.BlockOutputSize(i));
            if (i + 1 < stages.Count)
            {
                // the next block's input is this stage's pooled output
                Assert.Equal(stages[i + 1].shape[2], config.StageOutputSize(i) + (2 * config.Stages[i + 1].Padding) - config.Stages[i + 1].KernelSize + 1);
            }

            stages[i].Dispose();
        }

        Assert.Equal(config.FeatureMapSize, config.StageOutputSize(config.Stages.Count - 1));
    }
}
