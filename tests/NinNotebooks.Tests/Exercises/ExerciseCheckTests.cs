using NinNotebooks.Exercises;
using NinNotebooks.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Exercises;

public class ExerciseCheckTests
{
    private static MlpConv Library() => new(3, [8, 6, 4], kernelSize: 3, padding: 1);

    [Fact]
    public void Block_SaysCorrect_ForTheSameLayersInTheSameOrder()
    {
        using var library = Library();
        using var yours = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.ReLU(), nn.Conv2d(8, 6, 1), nn.ReLU(), nn.Conv2d(6, 4, 1), nn.ReLU());

        var check = ExerciseCheck.Block("the mlpconv block", yours, library, [2, 3, 8, 8]);

        Assert.True(check.Correct, check.ToString());
        Assert.StartsWith("correct: the mlpconv block: the same 3 layers with weights (306 parameters); ", check.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Block_NamesTheFirstMissingLayer_ForASkeleton()
    {
        using var library = Library();
        using var skeleton = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.ReLU());

        var check = ExerciseCheck.Block("the mlpconv block", skeleton, library, [2, 3, 8, 8]);

        Assert.False(check.Correct);
        Assert.Equal("not yet: the mlpconv block: yours has 1 layer with weights, the library's 3: the library's 2nd is a 1×1 convolution from 8 to 6 channels", check.ToString());
    }

    [Fact]
    public void Block_NamesTheFirstLayerOfAnotherShape_AndAnExtraLayer()
    {
        using var library = Library();
        using var wide = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.ReLU(), nn.Conv2d(8, 5, 1), nn.ReLU(), nn.Conv2d(5, 4, 1), nn.ReLU());
        using var extra = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.Conv2d(8, 6, 1), nn.Conv2d(6, 4, 1), nn.Conv2d(4, 4, 1, bias: false));

        Assert.Equal("not yet: the mlpconv block: the 2nd layer with weights: yours is a 1×1 convolution from 8 to 5 channels, the library's is a 1×1 convolution from 8 to 6 channels",
            ExerciseCheck.Block("the mlpconv block", wide, library, [2, 3, 8, 8]).ToString());
        Assert.Equal("not yet: the mlpconv block: yours has 4 layers with weights, the library's 3: after the library's last, yours goes on with a 1×1 convolution from 4 to 4 channels, no bias",
            ExerciseCheck.Block("the mlpconv block", extra, library, [2, 3, 8, 8]).ToString());
    }

    [Fact]
    public void Block_SeesAMissingReLU_ThroughTheOutputs()
    {
        using var library = Library();
        using var noRelu = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.ReLU(), nn.Conv2d(8, 6, 1), nn.Conv2d(6, 4, 1), nn.ReLU());

        var check = ExerciseCheck.Block("the mlpconv block", noRelu, library, [2, 3, 8, 8]);

        Assert.False(check.Correct);
        Assert.StartsWith("not yet: the mlpconv block: the layers match, but with the library's weights the outputs differ by up to ", check.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Block_ReportsAnOutputOfAnotherShape_WithoutThrowing()
    {
        using var library = Library();
        using var unpadded = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.ReLU(), nn.Conv2d(8, 6, 1), nn.ReLU(), nn.Conv2d(6, 4, 1), nn.ReLU(), nn.MaxPool2d(2));

        var check = ExerciseCheck.Block("the mlpconv block", unpadded, library, [2, 3, 8, 8]);

        Assert.StartsWith("not yet: the mlpconv block: running yours on a [2, 3, 8, 8] input failed: The outputs differ in shape: yours [2, 4, 4, 4], the library's [2, 4, 8, 8]", check.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Function_SaysCorrect_OrNamesTheShapeTheValuesOrTheException()
    {
        using var input = arange(2 * 3 * 4 * 4, dtype: ScalarType.Float32).view(2, 3, 4, 4);
        static Tensor Gap(Tensor x) => x.mean([2, 3]);

        Assert.StartsWith("correct: the GAP head: the same [2, 3] output; the largest difference is ",
            ExerciseCheck.Function("the GAP head", x => x.sum([2, 3]) / 16, Gap, input).ToString(), StringComparison.Ordinal);
        Assert.Equal("not yet: the GAP head: yours returns [2, 3, 4, 4], the library's [2, 3]",
            ExerciseCheck.Function("the GAP head", x => x, Gap, input).ToString());
        Assert.Equal("not yet: the GAP head: the shape is right ([2, 3]) but values differ by up to 7.5 (the library's largest magnitude is 87.5)",
            ExerciseCheck.Function("the GAP head", x => x[.., .., 0, 0], Gap, input).ToString());
        Assert.Equal("not yet: the GAP head: running yours on a [2, 3, 4, 4] input failed: write the head",
            ExerciseCheck.Function("the GAP head", _ => throw new NotImplementedException("write the head"), Gap, input).ToString());
    }

    [Fact]
    public void Model_RunsBothInEvalMode_AndLeavesTheModelTraining()
    {
        var config = new NinConfig("small", 3, 8, 4, [new(3, 1, [6, 5], NinPool.Max, 0.5), new(3, 1, [6, 4])]);
        using var nin = new NiN(config);
        nin.train();
        using var input = randn(2, 3, 8, 8);
        Tensor Forward(Tensor x)
        {
            x = nin.Blocks[0].call(x);
            x = nn.functional.dropout(nn.functional.max_pool2d(x, 3, 2, ceil_mode: true), 0.5, nin.training);
            return nin.Blocks[1].call(x).mean([2, 3]);
        }

        var check = ExerciseCheck.Model("NiN's forward pass", Forward, nin, input);

        Assert.True(check.Correct, check.ToString());
        Assert.True(nin.training);
        Assert.Equal("not yet: NiN's forward pass: yours returns [2, 5, 8, 8], the library's [2, 4]",
            ExerciseCheck.Model("NiN's forward pass", x => nin.Blocks[0].call(x), nin, input).ToString());
    }

    [Fact]
    public void Numbers_CompareOneByOne_RelativeToTheirSize()
    {
        double[] library = [2.302585, 2.25, 1500.0];

        Assert.StartsWith("correct: one epoch: all 3 batch losses agree; the largest difference is ",
            ExerciseCheck.Numbers("one epoch", "batch loss", [2.302586, 2.25, 1500.1], library).ToString(), StringComparison.Ordinal);
        Assert.Equal("not yet: one epoch: the 2nd batch loss: yours 2.26, the library's 2.25",
            ExerciseCheck.Numbers("one epoch", "batch loss", [2.302585, 2.26, 1500.0], library).ToString());
        Assert.Equal("not yet: one epoch: yours has 1 batch loss, the library's 3 batch losses",
            ExerciseCheck.Numbers("one epoch", "batch loss", [2.302585], library).ToString());
        Assert.Equal("not yet: one epoch: the 1st batch loss: yours NaN, the library's 2.302585",
            ExerciseCheck.Numbers("one epoch", "batch loss", [double.NaN, 2.25, 1500.0], library).ToString());
    }
}
