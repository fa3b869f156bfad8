using System.Globalization;
using NinNotebooks.Analysis;
using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Training;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Series;

/// <summary>
/// Every number the notebooks' prose quotes is computed by the library, here, and must appear in the prose exactly as
/// the library computes it: change either and this fails.
/// </summary>
public class NotebookFactsTests
{
    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static readonly int[] Dimensions = [2, 3, 5, 15, 30];   // notebook 4's spiral panels

    private static string Percent(double fraction) => TrainingReport.Percent(fraction);

    private static void Quoted(string notebook, params string[] texts)
    {
        var markdown = SeriesNotebooks.Markdown(notebook);
        foreach (var text in texts)
        {
            Assert.True(markdown.Contains(text, StringComparison.Ordinal), $"{notebook} should quote '{text}'");
        }
    }

    [Fact]
    public void Notebook01_MlpconvBlockAndNiN()
    {
        using var block = new MlpConv(3, [192, 160, 96], kernelSize: 5, padding: 2);
        using var nin = new NiN(NinConfig.Cifar10);
        Quoted("01-mlpconv.ipynb",
            N(ParameterCount.Conv2d(3, 192, 5)), N(ParameterCount.Conv2d(192, 160, 1)), N(ParameterCount.Conv2d(160, 96, 1)),
            $"{N(block.CountParameters())} in all", $"{N(nin.CountParameters())} parameters",
            $"with the same count, {N(block.CountParameters())} parameters",
            $"The totals at the bottom repeat the {N(nin.CountParameters())} parameters",
            $"The second block holds the most, {N(nin.Blocks[1].CountParameters())} parameters",
            $"({N(ParameterCount.Conv2d(96, 192, 5))} parameters for that one layer). The first block is small ({N(nin.Blocks[0].CountParameters())})");
        Assert.Equal(nin.Blocks.Max(b => b.CountParameters()), nin.Blocks[1].CountParameters());
    }

    [Fact]
    public void Notebook01_PoolingSizesAndVggStacks()
    {
        string Chain(bool ceil) => $"32 → {NinConfig.PoolOutputSize(32, ceil)} → {NinConfig.PoolOutputSize(NinConfig.PoolOutputSize(32, ceil), ceil)}";
        var one5x5 = ParameterCount.Conv2d(192, 192, 5);
        var two3x3 = 2 * ParameterCount.Conv2d(192, 192, 3);
        var stacked = ReceptiveField.Pixel.Then(3, 1, 1).Then(3, 1, 1);
        var share = ((double)two3x3 / one5x5).ToString("P0", CultureInfo.InvariantCulture);
        var floorLast = NinConfig.PoolOutputSize(NinConfig.PoolOutputSize(32, false), false);

        Assert.Equal(5, stacked.Size);
        Assert.Equal(NinConfig.Cifar10.StageOutputSize(0), NinConfig.Cifar10.BlockOutputSize(1));   // the padded 5×5 keeps 16×16
        Quoted("01-mlpconv.ipynb",
            $"Expect floor mode to give\n{Chain(false)} and ceil mode {Chain(true)}.",
            $"Why does the grid go {Chain(true)} at the two",
            $"keeps {NinConfig.Cifar10.BlockOutputSize(1)}×{NinConfig.Cifar10.BlockOutputSize(1)}",
            $"would see {floorLast}×{floorLast} maps instead of {NinConfig.Cifar10.FeatureMapSize}×{NinConfig.Cifar10.FeatureMapSize}",
            $"same {stacked.Size}×{stacked.Size} patch with {N(two3x3)} parameters instead of {N(one5x5)} ({share})");
    }

    [Fact]
    public void Notebook02_BottleneckArithmetic()
    {
        var direct = ParameterCount.Conv2d(256, 256, 3);
        var bottleneck = ParameterCount.Conv2d(256, 64, 1) + ParameterCount.Conv2d(64, 256, 3);
        var directMacs = MacCount.Conv2d(256, 256, 3, 28, 28);
        var bottleneckMacs = MacCount.Conv2d(256, 64, 1, 28, 28) + MacCount.Conv2d(64, 256, 3, 28, 28);
        Quoted("02-one-by-one-convolution.ipynb",
            $"The direct layer has {N(direct)} parameters, the bottleneck {N(bottleneck)}",
            $"about {((double)direct / bottleneck).ToString("0.0", CultureInfo.InvariantCulture)} times fewer",
            $"({N(directMacs)} against {N(bottleneckMacs)})",
            $"cuts parameters from {N(direct)} to {N(bottleneck)}");
        Assert.Equal(Math.Round((double)direct / bottleneck, 1), Math.Round((double)directMacs / bottleneckMacs, 1));
    }

    [Fact]
    public void Notebook03_HeadsAndParameters()
    {
        using var alexFc = new AlexNet(AlexNetHead.FlattenLinear);
        using var alexGap = new AlexNet(AlexNetHead.Conv3x3GapDense);
        using var alexNin = new AlexNet(AlexNetHead.Conv1x1Gap);
        using var ninGap = new NiN(NinConfig.Cifar10);
        using var ninFc = new NiN(NinConfig.Cifar10, HeadKind.FlattenLinear);
        var heads = PaperResults.Heads.Select(h => Percent(h.TestError)).ToList();
        Quoted("03-global-average-pooling.ipynb",
            $"With flatten and FC layers this AlexNet has {N(alexFc.CountParameters())} parameters; with the example's \"global average pooling\"\nhead {N(alexGap.CountParameters())}",
            $"3×3×256 = {N(3 * 3 * 256)} values to 4,096 units: {N(ParameterCount.Linear(2304, 4096))}\nparameters",
            $"The real AlexNet has {N(AlexNet.KrizhevskyParameterCount)}",
            $"The saving from {N(alexFc.CountParameters())} to {N(alexGap.CountParameters())} comes",
            $"weights ({N(ParameterCount.Conv2d(256, 1000, 1))} parameters)",
            $"the network has {N(alexNin.CountParameters())} parameters",
            $"`Linear(640, 10)`:\n{N(ninFc.CountParameters() - ninGap.CountParameters())} parameters on top of the body's {N(ninGap.CountParameters())}",
            $"the simplified AlexNet drops from {N(alexFc.CountParameters())} to {N(alexGap.CountParameters())}",
            $"and to {N(alexNin.CountParameters())} with NiN's 1×1 convolution",
            $"test error {heads[0]} with an FC head, {heads[1]} with an FC head and dropout, and {heads[2]}\nwith global average pooling",
            $"the paper's full-length runs differ by {((PaperResults.Heads[0].TestError - PaperResults.Heads[2].TestError) * 100).ToString("0.00", CultureInfo.InvariantCulture)} points of test error",
            $"The GAP network has {N(ninFc.CountParameters() - ninGap.CountParameters())} fewer parameters");
        Assert.Equal(ParameterCount.Linear(640, 10), ninFc.CountParameters() - ninGap.CountParameters());
        Assert.Equal(ParameterCount.Conv2d(256, 1000, 3), ParameterCount.Linear(2304, 1000));   // the example's conv6 is a dense layer
        Assert.Equal(alexGap.CountParameters() - ParameterCount.Conv2d(256, 1000, 3) - ParameterCount.Linear(1000, 1000) + ParameterCount.Conv2d(256, 1000, 1),
            alexNin.CountParameters());
    }

    [Fact]
    public void Notebooks04And05_InceptionGoogLeNetAndWhatCameAfter()
    {
        using var naive = new NaiveInceptionBlock(192, 64, 128, 32);
        using var inception = GoogLeNet.Table[0].Create();
        var naiveSummary = ModelSummary.Create(naive, [1, 192, 28, 28]);
        var realSummary = ModelSummary.Create(inception, [1, 192, 28, 28]);
        using var googLeNet = new GoogLeNet(1000, auxClassifiers: true);
        var step = CompoundScaling.ForPhi(1);
        var baseMacs = (double)CompoundScaling.Macs(NinConfig.Cifar10);
        string Ratio(CompoundScaling scaling) => (CompoundScaling.Macs(scaling.Apply(NinConfig.Cifar10)) / baseMacs).ToString("0.00", CultureInfo.InvariantCulture);
        using var withoutAux = new GoogLeNet(1000, auxClassifiers: false);
        var ratio = ((double)AlexNet.KrizhevskyParameterCount / withoutAux.CountParameters()).ToString("0.0", CultureInfo.InvariantCulture);
        using var standardConv = nn.Conv2d(128, 128, 3, padding: 1);
        using var separableConv = new DepthwiseSeparableConv(128, 128);
        var standard = ModelSummary.Create(standardConv, [1, 128, 56, 56]);
        var separable = ModelSummary.Create(separableConv, [1, 128, 56, 56]);
        var macRatio = ((double)standard.TotalMacs / separable.TotalMacs).ToString("0.0", CultureInfo.InvariantCulture);
        Assert.Equal(macRatio, (1 / ((1.0 / 128) + (1.0 / 9))).ToString("0.0", CultureInfo.InvariantCulture));   // the formula the prose gives
        Quoted("04-inception-bottlenecks.ipynb",
            $"The naive block has {N(naiveSummary.TotalParameters)} parameters and costs {N(naiveSummary.TotalMacs)} MACs",
            $"the real (3a) has {N(realSummary.TotalParameters)} parameters and costs\n{N(realSummary.TotalMacs)} MACs",
            $"{naive.OutChannels} channels instead of {inception.OutChannels}",
            $"costs {N(realSummary.TotalMacs)} MACs instead of {N(naiveSummary.TotalMacs)}",
            $"This GoogLeNet has\n{N(googLeNet.CountParameters())} parameters with its two auxiliary classifiers",
            $"{N(googLeNet.CountParameters())} parameters with its two auxiliary classifiers",
            $"Without its auxiliary classifiers GoogLeNet has {N(withoutAux.CountParameters())} parameters; the two heads hold {N(googLeNet.CountParameters() - withoutAux.CountParameters())}",
            $"(4×4×128 = {N(4 * 4 * 128)} values to 1,024 units",
            $"it is {ratio} times fewer than\nAlexNet's {N(AlexNet.KrizhevskyParameterCount)}",
            $"and {N(withoutAux.CountParameters())} without them: {ratio} times fewer than",
            $"\"correct\" means {N(realSummary.TotalParameters)} parameters on both sides");
        Quoted("05-after-inception.ipynb",
            $"The separable version needs {macRatio} times fewer MACs",
            $"from {N(ParameterCount.Conv2d(128, 128, 3))} parameters and {N(MacCount.Conv2d(128, 128, 3, 56, 56))} MACs with one group to\n{N(ParameterCount.Conv2d(128, 128, 3, groups: 128))} and {N(MacCount.Conv2d(128, 128, 3, 56, 56, groups: 128))} with 128 groups",
            $"Depth: ×{Ratio(new(step.Depth, 1, 1))} counted for ×{step.Depth:0.00} predicted",
            $"Width: ×{Ratio(new(1, step.Width, 1))} for ×{step.Width * step.Width:0.00}",
            $"Resolution: ×{Ratio(new(1, 1, step.Resolution))} for ×{step.Resolution * step.Resolution:0.00}, because the image is {new CompoundScaling(1, 1, step.Resolution).Apply(NinConfig.Cifar10).ImageSize} pixels wide, not {32 * step.Resolution:0.0}",
            $"the counter gives ×{Ratio(step)} for the predicted ×{step.PredictedMacRatio:0.00}",
            $"×{Ratio(CompoundScaling.ForPhi(2))} for ×{CompoundScaling.ForPhi(2).PredictedMacRatio:0.00}: 3 × {CompoundScaling.ForPhi(2).Depth:0.00} = {3 * CompoundScaling.ForPhi(2).Depth:0.00}",
            $"about {step.PredictedMacRatio:0.00} per\nstep of φ");
        using var spiral = ReluManifold.Spiral();
        var spiralErrors = Dimensions.Select(m => ReluManifold.EmbedReluRecover(spiral, m).RelativeError).ToList();
        string E(int i) => spiralErrors[i].ToString("0.00", CultureInfo.InvariantCulture);
        Quoted("05-after-inception.ipynb",
            $"With m = 2 the best linear map back leaves a\nrelative error of {E(0)}",
            $"With m = 3 the error is {E(1)}, with m = 5 {E(2)}, and from m = 15 on it is below 0.01");
        Assert.All(spiralErrors.Skip(3), e => Assert.True(e < 0.01, $"{e}"));
        Assert.Equal(CompoundScaling.ForPhi(1).Apply(NinConfig.Cifar10).Stages[0].Channels.Count, CompoundScaling.ForPhi(2).Apply(NinConfig.Cifar10).Stages[0].Channels.Count);
        Quoted("04-inception-bottlenecks.ipynb",
            $"weight {GoogLeNetOutput.AuxiliaryLossWeight.ToString(CultureInfo.InvariantCulture)}");
        Quoted("04-inception-bottlenecks.ipynb",
            $"title says: {GoogLeNet.Depth} layers with weights on its longest path, against AlexNet's {AlexNet.KrizhevskyDepth}.",
            $"{GoogLeNet.Depth} against {AlexNet.KrizhevskyDepth}.",
            $"With {GoogLeNet.Depth} layers, the gradient");
        Assert.Equal(128, Math.Round(realSummary.TotalMacs / 1e6));   // the paper's Table 1: 128M operations for (3a)
    }

    [Fact]
    public void Notebook06_ThePapersResults()
    {
        Quoted("06-training-nin.ipynb",
            $"**{Percent(PaperResults.Datasets[0].TestError)}** without data augmentation",
            $"**{Percent(PaperResults.Datasets[1].TestError)}** with translation",
            $"accuracies of {Percent(PaperResults.Datasets[0].TestAccuracy)} and {Percent(PaperResults.Datasets[1].TestAccuracy)}",
            $"after epochs {string.Join(" and ", TrainingConfig.Paper().Milestones)} of {TrainingConfig.PaperEpochs}",
            $"steps after epochs {string.Join(" and ", TrainingConfig.Paper().Milestones)}",
            $"{Percent(PaperResults.Datasets[2].TestAccuracy)} on CIFAR-100, {Percent(PaperResults.Datasets[3].TestAccuracy)} on SVHN and {Percent(PaperResults.Datasets[4].TestAccuracy)} on MNIST",
            $"paper's {Percent(PaperResults.Datasets[2].TestError)} and {Percent(PaperResults.Datasets[4].TestError)} errors",
            $"ln 10 = {Math.Log(10).ToString("0.0000", CultureInfo.InvariantCulture)}");
        Assert.Equal(["cifar10", "cifar10", "cifar100", "svhn", "mnist"], PaperResults.Datasets.Select(r => r.Dataset));
    }

    [Fact]
    public void Notebook06_TheDefaultRecipesSchedule()
    {
        var config = new TrainingConfig { Epochs = 10 };
        const int batches = 100;
        var factors = Enumerable.Range(0, config.Epochs * batches).Select(b => LearningRateSchedule.Factor(config, b / batches, b % batches, batches)).ToList();
        var peak = factors.IndexOf(factors.Max()) / (double)factors.Count;

        Assert.Equal(1 / 25.0, factors[0], 1e-12);
        Assert.Equal(0.3, peak, 0.01);
        Assert.True(factors[^1] < 1e-3);
        Quoted("06-training-nin.ipynb",
            $"starts Adam (Kingma and Ba 2015) at a {1 / factors[0]:0}th of its peak",
            $"rising from a 25th of the peak over the first {peak * 100:0} % of the run and then falling along a cosine curve to nearly\nzero");
    }

    [Fact]
    public void Notebook03And06_TheSyntheticObjectsSpread()
    {
        var (images, labels, boxes) = SyntheticCifar.GenerateWithBoxes(5000, seed: 1);
        using (images)
        using (labels)
        using (boxes)
        {
            var b = boxes.data<long>().ToArray();
            var spread = Enumerable.Range(0, 5000).Max(n => Math.Max(
                Math.Abs(((b[4 * n] + b[(4 * n) + 2] + 1) / 2.0) - 16), Math.Abs(((b[(4 * n) + 1] + b[(4 * n) + 3] + 1) / 2.0) - 16)));
            var claim = $"anywhere up to {Math.Floor(spread)} pixels from the middle";

            Assert.InRange(spread, 8.5, 9.99);   // a box's centre lies within half a pixel of the drawn centre, which is up to 9 px out
            Quoted("03-global-average-pooling.ipynb", claim);
            Quoted("07-what-nin-learns.ipynb", claim);
        }

        var positions = NinConfig.Cifar10.FeatureMapSize * NinConfig.Cifar10.FeatureMapSize;
        Quoted("03-global-average-pooling.ipynb", $"every class at every one of the {positions} positions");
    }

    [Fact]
    public void Notebook07_ReceptiveFields()
    {
        var sizes = Enumerable.Range(0, 3).Select(stage => ReceptiveField.Of(NinConfig.Cifar10, stage).Size).ToList();
        var config = NinConfig.Cifar10;
        var afterPool1 = ReceptiveField.Of(config, 0).Then(3, 2, 0);
        var afterPool2 = ReceptiveField.Of(config, 1).Then(3, 2, 0);
        Assert.Equal(sizes[1], afterPool1.Size + ((config.Stages[1].KernelSize - 1) * afterPool1.Jump));
        Assert.Equal(sizes[2], afterPool2.Size + ((config.Stages[2].KernelSize - 1) * afterPool2.Jump));
        Quoted("07-what-nin-learns.ipynb",
            $"So block 1's 5×5 convolution gives {sizes[0]}; the pooling adds 2 ({afterPool1.Size}) and makes the jump {afterPool1.Jump};",
            $"block 2's 5×5 adds 4 × {afterPool1.Jump} ({sizes[1]}); the second pooling adds 2 × {afterPool1.Jump} ({afterPool2.Size}) and makes the jump {afterPool2.Jump}; block 3's 3×3 adds 2 × {afterPool2.Jump}\n({sizes[2]})");
        Quoted("07-what-nin-learns.ipynb",
            $"Block 1 sees {sizes[0]}×{sizes[0]} pixels, block 2 {sizes[1]}×{sizes[1]} and block 3 {sizes[2]}×{sizes[2]}",
            $"expect a\n{sizes[1]}×{sizes[1]} patch of structure");
    }

    [Fact]
    public void Notebook07_OcclusionGrid()
    {
        using var model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10));
        using var image = zeros(3, 32, 32);
        using var map = Occlusion.Sensitivity(model, image, 0);
        Quoted("07-what-nin-learns.ipynb", $"{map.shape[0]}×{map.shape[1]} positions for a 32×32 image", "8×8 square moved 2 pixels");
    }

    /// <summary>The appendix's loop: without a dispose scope every step leaves its four tensors alive, with one it leaves none.</summary>
    [Fact]
    public void Notebook08_AScopeFreesEachStepsTensors()
    {
        using var weights = randn(256, 256);
        long LeftAlive(bool scoped)
        {
            var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            for (var step = 0; step < 100; step++)
            {
                using var scope = scoped ? NewDisposeScope() : null;
                var y = (weights.matmul(randn(256, 1)) + 1).relu();
            }

            return TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        }

        var unscoped = LeftAlive(scoped: false);

        Assert.Equal(400, unscoped);
        Assert.Equal(0, LeftAlive(scoped: true));
        Quoted("08-appendix-tools.ipynb", "every step leaves four tensors alive", $"output, {unscoped} in all", "With a scope per step the second number is 0");
        Quoted("08-appendix-tools.ipynb", $"about {MacCount.Conv2d(256, 256, 3, 28, 28) / 1_000_000} million MACs for the direct layer and {(MacCount.Conv2d(256, 64, 1, 28, 28) + MacCount.Conv2d(64, 256, 3, 28, 28)) / 1_000_000} million");
    }
}
