using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class InceptionBlockTests
{
    private static readonly InceptionSpec Inception3a = GoogLeNet.Table[0];

    /// <summary>Parameters of an inception row by formula: every convolution with bias.</summary>
    internal static long FormulaParameters(InceptionSpec s) =>
        ParameterCount.Conv2d(s.InChannels, s.Ch1x1, 1)
        + ParameterCount.Conv2d(s.InChannels, s.Ch3x3Reduce, 1) + ParameterCount.Conv2d(s.Ch3x3Reduce, s.Ch3x3, 3)
        + ParameterCount.Conv2d(s.InChannels, s.Ch5x5Reduce, 1) + ParameterCount.Conv2d(s.Ch5x5Reduce, s.Ch5x5, 5)
        + ParameterCount.Conv2d(s.InChannels, s.PoolProj, 1);

    [Fact]
    public void Inception3a_ConcatenatesFourBranchesTo256Channels()
    {
        using var block = Inception3a.Create();
        using var output = block.call(randn(2, 192, 28, 28));

        Assert.Equal(new long[] { 2, 256, 28, 28 }, output.shape);
        Assert.Equal(256, block.OutChannels);
        Assert.Equal(64 + 128 + 32 + 32, Inception3a.OutChannels);
    }

    [Fact]
    public void EveryTableRow_HasTheFormulaParameterCount()
    {
        foreach (var row in GoogLeNet.Table)
        {
            using var block = row.Create();
            Assert.Equal(FormulaParameters(row), block.CountParameters());
        }

        Assert.Equal(163_696, FormulaParameters(Inception3a));
    }

    [Fact]
    public void FiveByFiveBranch_UsesARealFiveByFiveKernel()
    {
        using var block = Inception3a.Create();

        var kernel = block.named_parameters().Single(p => p.name == "branch5x5.conv.conv.weight").parameter;

        Assert.Equal(new long[] { 32, 16, 5, 5 }, kernel.shape);
    }

    [Fact]
    public void NaiveBlock_PassesAllInputChannelsThroughThePoolingBranch()
    {
        using var naive = new NaiveInceptionBlock(192, 64, 128, 32);
        using var output = naive.call(randn(1, 192, 28, 28));

        Assert.Equal(new long[] { 1, 64 + 128 + 32 + 192, 28, 28 }, output.shape);
        Assert.Equal(416, naive.OutChannels);
        Assert.Equal(
            ParameterCount.Conv2d(192, 64, 1) + ParameterCount.Conv2d(192, 128, 3) + ParameterCount.Conv2d(192, 32, 5),
            naive.CountParameters());
    }

    [Fact]
    public void Reductions_CutParametersAndMacsOfInception3a()
    {
        using var reduced = Inception3a.Create();
        using var naive = new NaiveInceptionBlock(192, 64, 128, 32);
        var reducedSummary = ModelSummary.Create(reduced, [1, 192, 28, 28]);
        var naiveSummary = ModelSummary.Create(naive, [1, 192, 28, 28]);

        Assert.Equal(163_696, reducedSummary.TotalParameters);
        Assert.Equal(387_296, naiveSummary.TotalParameters);
        Assert.True(naiveSummary.TotalMacs > 2.3 * reducedSummary.TotalMacs,
            $"naive {naiveSummary.TotalMacs:N0} vs reduced {reducedSummary.TotalMacs:N0}");
    }

    [Fact]
    public void TableRows_ChainChannelsFromOneBlockToTheNext()
    {
        var table = GoogLeNet.Table;
        for (var i = 1; i < table.Count; i++)
        {
            Assert.Equal(table[i - 1].OutChannels, table[i].InChannels);
        }

        Assert.Equal(1024, table[^1].OutChannels);
    }

    [Fact]
    public void InvalidChannelCount_NamesTheArgument()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InceptionBlock(192, 64, 96, 0, 16, 32, 32));

        Assert.Equal("ch3x3", error.ParamName);
    }
}
