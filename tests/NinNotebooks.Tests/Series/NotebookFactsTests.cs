using System.Globalization;
using NinNotebooks.Analysis;
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
            $"{N(block.CountParameters())} in all", $"{N(nin.CountParameters())} parameters");
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
        using var alexFc = new AlexNet(HeadKind.FlattenLinear);
        using var alexGap = new AlexNet(HeadKind.GlobalAveragePooling);
        using var ninGap = new NiN(NinConfig.Cifar10);
        using var ninFc = new NiN(NinConfig.Cifar10, HeadKind.FlattenLinear);
        Quoted("03-global-average-pooling.ipynb",
            $"AlexNet has {N(alexFc.CountParameters())} parameters; with global average pooling {N(alexGap.CountParameters())}",
            $"3×3×256 = {N(3 * 3 * 256)} values to 4,096 units: {N(ParameterCount.Linear(2304, 4096))} parameters",
            $"`Linear(640, 10)`:\n{N(ninFc.CountParameters() - ninGap.CountParameters())} parameters on top of the body's {N(ninGap.CountParameters())}",
            $"AlexNet drops from {N(alexFc.CountParameters())} to {N(alexGap.CountParameters())}");
        Assert.Equal(ParameterCount.Linear(640, 10), ninFc.CountParameters() - ninGap.CountParameters());
    }

    [Fact]
    public void Notebook04_InceptionAndGoogLeNet()
    {
        using var naive = new NaiveInceptionBlock(192, 64, 128, 32);
        using var inception = GoogLeNet.Table[0].Create();
        var naiveSummary = ModelSummary.Create(naive, [1, 192, 28, 28]);
        var realSummary = ModelSummary.Create(inception, [1, 192, 28, 28]);
        using var googLeNet = new GoogLeNet(1000, auxClassifiers: true);
        Quoted("04-inception-bottlenecks.ipynb",
            $"The naive block has {N(naiveSummary.TotalParameters)} parameters and costs {N(naiveSummary.TotalMacs)} MACs",
            $"the real (3a) has {N(realSummary.TotalParameters)} parameters and costs\n{N(realSummary.TotalMacs)} MACs",
            $"{naive.OutChannels} channels instead of {inception.OutChannels}",
            $"costs {N(realSummary.TotalMacs)} MACs instead of {N(naiveSummary.TotalMacs)}",
            $"This GoogLeNet has {N(googLeNet.CountParameters())} parameters",
            $"{N(googLeNet.CountParameters())} parameters with its two auxiliary classifiers",
            $"weight {GoogLeNetOutput.AuxiliaryLossWeight.ToString(CultureInfo.InvariantCulture)}");
        Assert.Equal(128, Math.Round(realSummary.TotalMacs / 1e6));   // the paper's Table 1: 128M operations for (3a)
    }

    [Fact]
    public void Notebook05_ThePapersResults()
    {
        string Percent(double fraction) => TrainingReport.Percent(fraction).Replace("%", " %", StringComparison.Ordinal);
        Quoted("05-training-nin.ipynb",
            $"**{Percent(1 - TrainingReport.PaperCifar10Accuracy)}** without data augmentation",
            $"**{Percent(1 - TrainingReport.PaperCifar10AugmentedAccuracy)}** with translation",
            $"accuracies of {Percent(TrainingReport.PaperCifar10Accuracy)} and {Percent(TrainingReport.PaperCifar10AugmentedAccuracy)}",
            $"after epochs {string.Join(" and ", TrainingConfig.Paper().Milestones)} of {TrainingConfig.PaperEpochs}");
    }

    [Fact]
    public void Notebook06_OcclusionGrid()
    {
        using var model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10));
        using var image = zeros(3, 32, 32);
        using var map = Occlusion.Sensitivity(model, image, 0);
        Quoted("06-what-nin-learns.ipynb", $"{map.shape[0]}×{map.shape[1]} positions for a 32×32 image", "8×8 square moved 2 pixels");
    }
}
