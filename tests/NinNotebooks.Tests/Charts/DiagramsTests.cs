using System.Globalization;
using System.Xml.Linq;
using NinNotebooks.Analysis;
using NinNotebooks.Charts;
using NinNotebooks.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Charts;

public class DiagramsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>A table unlike the paper's: other kernels, widths, pooling, dropout, image size and depth of micro network.</summary>
    private static readonly NinConfig Custom = NinConfig.Cifar10 with
    {
        Name = "custom",
        ImageSize = 40,
        Stages = [new(3, 1, [64, 48], NinPool.Average, 0.3), new(7, 0, [80, 32, 24, 10])],
    };

    /// <summary>Parses the SVG (it must be well-formed XML with an svg root) and returns its text labels.</summary>
    private static List<string> Labels(string svg)
    {
        var document = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", document.Root!.Name);
        return document.Descendants(Svg + "text").Select(t => t.Value).ToList();
    }

    private static string Shape(Tensor t) => $"{t.shape[1]} × {t.shape[2]} × {t.shape[3]}";

    public static TheoryData<string> Configs => ["nin-cifar10", "nin-cifar100", "nin-mnist", "custom"];

    private static NinConfig Config(string name) => name == "custom" ? Custom : ModelCatalog.Get(name).Network!;

    [Theory]
    [MemberData(nameof(Configs))]
    public void Nin_LabelsEveryLayerOfTheTableAndTheShapesTheModelComputes(string name)
    {
        var config = Config(name);
        var labels = Labels(Diagrams.Nin(config));

        using var model = new NiN(config);
        model.eval();
        using var input = zeros(1, config.InputChannels, config.ImageSize, config.ImageSize);
        var stages = model.ForwardStages(input);
        Assert.Equal(config.Stages.Count, labels.Count(l => l.StartsWith("mlpconv ", StringComparison.Ordinal)));
        Assert.Contains($"{config.InputChannels} × {config.ImageSize} × {config.ImageSize}", labels);
        for (var i = 0; i < config.Stages.Count; i++)
        {
            var stage = config.Stages[i];
            Assert.Contains($"{stage.KernelSize}×{stage.KernelSize} conv, {stage.Channels[0]} (pad {stage.Padding}), ReLU", labels);
            foreach (var c in stage.Channels.Skip(1))
            {
                Assert.Contains($"1×1 conv (cccp), {c}, ReLU", labels);
            }

            Assert.Contains(Shape(stages[i]), labels);   // the block's output, as the model computes it
            if (stage.Pool != NinPool.None)
            {
                using var pool = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
                using var pooled = pool.call(stages[i]);
                Assert.Contains(Shape(pooled), labels);
                Assert.Contains($"3×3 {stage.Pool.ToString().ToLowerInvariant()} pool, stride 2 (ceil)", labels);
            }

            if (stage.Dropout > 0)
            {
                Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"dropout {stage.Dropout}"), labels);
            }
        }

        // Every 1×1 layer of the table has its own line, and no other line claims one.
        Assert.Equal(config.Stages.Sum(s => s.Channels.Count - 1), labels.Count(l => l.StartsWith("1×1 conv (cccp)", StringComparison.Ordinal)));
        Assert.Contains($"softmax over {config.NumClasses} classes", labels);
        foreach (var t in stages)
        {
            t.Dispose();
        }
    }

    [Fact]
    public void Nin_ChangesWhenTheTableChanges()
    {
        var paper = Labels(Diagrams.Nin(NinConfig.Cifar10));
        var custom = Labels(Diagrams.Nin(Custom));

        Assert.Contains("5×5 conv, 192 (pad 2), ReLU", paper);
        Assert.DoesNotContain("5×5 conv, 192 (pad 2), ReLU", custom);
        Assert.Contains("3×3 conv, 64 (pad 1), ReLU", custom);
        Assert.Contains("3×3 average pool, stride 2 (ceil)", custom);
        Assert.DoesNotContain("3×3 max pool, stride 2 (ceil)", custom);
        Assert.Contains("dropout 0.3", custom);
        Assert.Equal(2, custom.Count(l => l.StartsWith("mlpconv ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Nin_EscapesNamesAndRefusesABadTable()
    {
        var name = "a<b & \"c\" ]]>";
        var svg = Diagrams.Nin(NinConfig.Cifar10 with { Name = name });

        Assert.Contains(Labels(svg), l => l.Contains(name, StringComparison.Ordinal));
        Assert.DoesNotContain(name, svg, StringComparison.Ordinal);   // written escaped, not raw
        Assert.Throws<ArgumentException>(() => Diagrams.Nin(NinConfig.Cifar10 with { NumClasses = 7 }));
    }

    [Fact]
    public void LinearFilterVersusMlpConv_ShowsTheBlocksFiltersAndOneByOneLayers()
    {
        var first = Labels(Diagrams.LinearFilterVersusMlpConv(NinConfig.Cifar10));
        Assert.Equal(2, first.Count(l => l == "5×5×3 input patch"));
        Assert.Contains("192 linear filters: w·x + b", first);
        Assert.Contains("5×5 conv, 192 filters, ReLU", first);
        Assert.Contains("1×1 conv (cccp), 160, ReLU", first);
        Assert.Contains("1×1 conv (cccp), 96, ReLU", first);
        Assert.Contains("96 values at this position", first);

        var second = Labels(Diagrams.LinearFilterVersusMlpConv(Custom, stage: 1));
        Assert.Contains("7×7×48 input patch", second);   // the second block reads the first block's 48 maps
        Assert.Equal(3, second.Count(l => l.StartsWith("1×1 conv (cccp)", StringComparison.Ordinal)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Diagrams.LinearFilterVersusMlpConv(Custom, stage: 2));
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Heads_CountTheFullyConnectedLayerAsTheModuleDoes(string name)
    {
        var config = Config(name);
        var labels = Labels(Diagrams.Heads(config));
        var maps = config.Stages[^1].OutChannels;
        using var head = new FlattenLinearHead(maps, config.FeatureMapSize, config.FeatureMapSize, config.NumClasses);
        using var gap = new NiN(config);
        using var fc = new NiN(config, HeadKind.FlattenLinear);

        Assert.Equal(head.CountParameters(), fc.CountParameters() - gap.CountParameters());
        Assert.Contains($"{head.CountParameters().ToString("N0", CultureInfo.InvariantCulture)} parameters", labels);
        Assert.Contains($"{head.InFeatures.ToString("N0", CultureInfo.InvariantCulture)} values", labels);
        Assert.Contains("0 parameters", labels);
        Assert.Equal(2, labels.Count(l => l == $"{maps} × {config.FeatureMapSize} × {config.FeatureMapSize}"));
    }

    [Fact]
    public void Inception_DrawsEveryRowOfGoogLeNetsTableWithTheBlocksOutputChannels()
    {
        foreach (var spec in GoogLeNet.Table)
        {
            var labels = Labels(Diagrams.Inception(spec));
            using var real = spec.Create();
            using var naive = new NaiveInceptionBlock(spec.InChannels, spec.Ch1x1, spec.Ch3x3, spec.Ch5x5);

            Assert.Contains($"{spec.Ch1x1} + {spec.Ch3x3} + {spec.Ch5x5} + {spec.PoolProj} = {real.OutChannels}", labels);
            Assert.Contains($"{spec.Ch1x1} + {spec.Ch3x3} + {spec.Ch5x5} + {spec.InChannels} = {naive.OutChannels}", labels);
            Assert.Contains($"1×1 reduce, {spec.Ch3x3Reduce}", labels);
            Assert.Contains($"1×1 reduce, {spec.Ch5x5Reduce}", labels);
            Assert.Contains($"1×1 proj, {spec.PoolProj}", labels);
            Assert.Equal(2, labels.Count(l => l == $"3×3 conv, {spec.Ch3x3}"));
            Assert.Equal(2, labels.Count(l => l == $"5×5 conv, {spec.Ch5x5}"));
            Assert.Contains(labels, l => l.Contains($"({spec.Name})", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Inception_ChangesWithTheSpecAndShowsTheGrid()
    {
        var mine = new InceptionSpec("x<1>", 100, 10, 20, 30, 4, 8, 6);
        var labels = Labels(Diagrams.Inception(mine, gridSize: 14));

        Assert.Contains("10 + 30 + 8 + 6 = 54", labels);
        Assert.Contains("10 + 30 + 8 + 100 = 148", labels);
        Assert.Equal(2, labels.Count(l => l == "100 × 14 × 14"));
        Assert.DoesNotContain(labels, l => l.Contains("128", StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => Diagrams.Inception(mine with { Ch3x3Reduce = 0 }));
    }

    [Theory]
    [InlineData(24, 24, 1, 6)]
    [InlineData(24, 32, 2, 6)]
    [InlineData(16, 16, 1, 1)]
    public void InvertedResidual_FollowsTheBlocksSettingsAndItsForwardPass(int inChannels, int outChannels, int stride, int expandRatio)
    {
        using var block = new InvertedResidual(inChannels, outChannels, stride, expandRatio);
        block.eval();
        var labels = Labels(Diagrams.InvertedResidual(block, 56));
        using var input = zeros(1, inChannels, 56, 56);
        using var output = block.call(input);

        Assert.Contains(Shape(output), labels);
        Assert.Contains($"{inChannels} × 56 × 56", labels);
        Assert.Contains($"3×3 depthwise conv, stride {stride}", labels);
        Assert.Contains($"1×1 conv: project {inChannels * expandRatio} → {outChannels}", labels);
        Assert.Equal(expandRatio != 1, labels.Contains($"1×1 conv: expand ×{expandRatio}, {inChannels} → {inChannels * expandRatio}"));
        Assert.Equal(block.UsesResidual, labels.Contains("add the input"));
    }
}
