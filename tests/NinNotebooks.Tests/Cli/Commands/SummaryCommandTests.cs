using NinNotebooks.Analysis;
using NinNotebooks.Cli.Commands;
using NinNotebooks.Modules;

namespace NinNotebooks.Tests.Cli.Commands;

public class SummaryCommandTests
{
    public static TheoryData<string> Names => [.. ModelCatalog.All.Select(e => e.Name)];

    [Fact]
    public void NinCifar10_EndsWithTheTotalParamsLine()
    {
        var result = Nin.Run("summary", "nin-cifar10");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Total params: 966,986", result.OutputLines[^1]);
        Assert.Equal("Model: nin-cifar10", result.OutputLines[0]);
        Assert.Empty(result.Error);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryModel_PrintsItsTable(string name)
    {
        using var model = ModelCatalog.Get(name).Create();

        var result = Nin.Run("summary", name);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Total params: {model.CountParameters():N0}", result.OutputLines[^1]);
    }

    [Fact]
    public void InputAndDepthOptions_ChangeTheTable()
    {
        var result = Nin.Run("summary", "nin-cifar10", "--input", "4x3x64x64", "--depth", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Input: 4 x 3 x 64 x 64 -> Output: 4 x 10", result.Output);
        Assert.Contains(result.OutputLines, l => l.StartsWith("body.mlpconv1 (MlpConv)", StringComparison.Ordinal) && l.Contains("4 x 96 x 64 x 64"));
        Assert.DoesNotContain("cccp1", result.Output);
    }

    [Fact]
    public void HtmlOption_PrintsTheHtmlTable()
    {
        var result = Nin.Run("summary", "inception-3a", "--html");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("<div class=\"nin-summary\">", result.Output);
        Assert.Contains("Total params: <b>163,696</b>", result.Output);
    }

    [Fact]
    public void UnknownModel_FailsListingTheAcceptedNames()
    {
        var result = Nin.Run("summary", "resnet50");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("error: Unknown model 'resnet50'. Accepted: mlpconv, nin-cifar10,", result.Error);
        Assert.DoesNotContain("(Parameter", result.Error);
    }

    [Theory]
    [InlineData("1x1x32x32", "nin-cifar10 expects images shaped N x 3 x H x W")]
    [InlineData("1x3x2x2", "cannot run on an input of shape [1, 3, 2, 2]")]
    [InlineData("1xthreex32", "--input: expected positive sizes such as 1x3x32x32, got '1xthreex32'")]
    [InlineData("1x0x32x32", "--input: expected positive sizes")]
    public void BadInputShape_FailsWithAClearMessage(string shape, string expected)
    {
        var result = Nin.Run("summary", "nin-cifar10", "--input", shape);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void InputTheModelCannotRun_SaysWhatItIsBuiltFor()
    {
        var result = Nin.Run("summary", "alexnet-fc", "--input", "1x3x100x100");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: alexnet-fc cannot run on an input of shape [1, 3, 100, 100]:", result.Error);
        Assert.EndsWith("(alexnet-fc is built for 1x3x224x224.)", result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("1x3x32x32", new long[] { 1, 3, 32, 32 })]
    [InlineData("2,3,224,224", new long[] { 2, 3, 224, 224 })]
    [InlineData(" 1 X 192 x 28 x 28 ", new long[] { 1, 192, 28, 28 })]
    public void ParseShape_AcceptsTheUsualSpellings(string text, long[] expected)
    {
        Assert.Equal(expected, SummaryCommand.ParseShape(text));
    }
}
