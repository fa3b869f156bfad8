using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class ReceptiveFieldTests
{
    /// <summary>
    /// A small NiN with the CIFAR layout: 5×5 pad 2, pool, 5×5 pad 2, pool, 3×3 pad 1. Widths of 16: the gradient checks
    /// need correct input gradients, which libtorch 2.10 gets wrong for k×k convolutions of other widths on some CPUs
    /// (environment/README.md).
    /// </summary>
    internal static NinConfig Tiny(NinPool pool, int imageSize = 16) => new("tiny", 3, imageSize, 10,
    [
        new(5, 2, [16, 16], pool),
        new(5, 2, [16, 16], pool),
        new(3, 1, [16, 10]),
    ]);

    [Fact]
    public void Cifar10_ByHand()
    {
        // stage 0: 5x5 pad 2: size 1 + 4 = 5, jump 1, start 0 - 2 = -2
        Assert.Equal(new ReceptiveField(5, 1, -2), ReceptiveField.Of(NinConfig.Cifar10, 0));
        // pool 3/2: size 5 + 2*1 = 7, jump 2; then 5x5 pad 2: size 7 + 4*2 = 15, start -2 - 2*2 = -6
        Assert.Equal(new ReceptiveField(15, 2, -6), ReceptiveField.Of(NinConfig.Cifar10, 1));
        // pool 3/2: size 15 + 2*2 = 19, jump 4; then 3x3 pad 1: size 19 + 2*4 = 27, start -6 - 1*4 = -10
        Assert.Equal(new ReceptiveField(27, 4, -10), ReceptiveField.Of(NinConfig.Cifar10, 2));
    }

    [Fact]
    public void Mnist_LastStage_ByHand() =>
        // as CIFAR-10 to the second pool (19, 4, -6), then 5x5 pad 2: size 19 + 4*4 = 35, start -6 - 2*4 = -14
        Assert.Equal(new ReceptiveField(35, 4, -14), ReceptiveField.Of(NinConfig.Mnist, 2));

    [Fact]
    public void NoPooling_KeepsTheJump()
    {
        var config = new NinConfig("flat", 1, 8, 2, [new(3, 1, [2]), new(3, 0, [2])]);
        Assert.Equal(new ReceptiveField(5, 1, -1), ReceptiveField.Of(config, 1));
    }

    [Fact]
    public void Start_MovesByTheJump()
    {
        var field = new ReceptiveField(15, 2, -6);
        Assert.Equal(-6, field.Start(0));
        Assert.Equal(24, field.Start(15));
    }

    [Fact]
    public void Of_RejectsAStageThatIsNotThere()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceptiveField.Of(NinConfig.Cifar10, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceptiveField.Of(NinConfig.Cifar10, -1));
    }

    /// <summary>
    /// The brute-force check: with all weights 1, biases 0 and positive inputs nothing cancels, so the input pixels with a
    /// nonzero gradient of one output position are exactly its receptive field, clipped to the image. Average pooling
    /// passes gradient to its whole window (max pooling only to the winner), and has the same field arithmetic.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void EqualsTheInputPixelsThatReachAPosition(int stage)
    {
        var config = Tiny(NinPool.Average);
        using var model = AllOnes(config);
        var field = ReceptiveField.Of(config, stage);
        using var image = rand(1, 3, config.ImageSize, config.ImageSize) + 0.5;
        var size = config.ImageSize;
        for (var i = 0; i < stage; i++)
        {
            size = ((size - 3 + 1) / 2) + 1;   // the pools between the blocks (ceil mode)
        }

        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                using var reached = Reached(model, image, stage, y, x);
                using var expected = Inside(field, y, x, config.ImageSize);
                Assert.True(reached.eq(expected).all().item<bool>(), $"stage {stage}, position ({y}, {x})");
            }
        }
    }

    [Fact]
    public void WithMaxPooling_TheGradientStaysInsideTheField()
    {
        var config = Tiny(NinPool.Max);
        using var model = AllOnes(config);
        var field = ReceptiveField.Of(config, 2);
        using var image = rand(1, 3, 16, 16) + 0.5;
        using var reached = Reached(model, image, 2, 3, 1);
        using var inside = Inside(field, 3, 1, 16);
        Assert.True(reached.any().item<bool>());
        Assert.False((reached & ~inside).any().item<bool>());
    }

    internal static NiN AllOnes(NinConfig config)
    {
        var model = new NiN(config);
        model.eval();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.fill_(name.EndsWith("weight", StringComparison.Ordinal) ? 1 : 0);
        }

        return model;
    }

    /// <summary>H x W booleans: true where the gradient of channel 0 at (y, x) of the stage's output is nonzero.</summary>
    private static Tensor Reached(NiN model, Tensor image, int stage, int y, int x)
    {
        using var scope = NewDisposeScope();
        var input = image.detach().clone().requires_grad_(true);
        model.ForwardStages(input)[stage][0, 0, y, x].backward();
        return input.grad!.abs().sum([0L, 1L]).gt(0).MoveToOuterDisposeScope();
    }

    /// <summary>H x W booleans: true inside the field of (y, x), clipped to the image.</summary>
    internal static Tensor Inside(ReceptiveField field, int y, int x, int imageSize)
    {
        var mask = zeros(imageSize, imageSize, dtype: ScalarType.Bool);
        var (top, left) = (field.Start(y), field.Start(x));
        var (y0, y1) = (Math.Max(top, 0), Math.Min(top + field.Size, imageSize));
        var (x0, x1) = (Math.Max(left, 0), Math.Min(left + field.Size, imageSize));
        mask.narrow(0, y0, y1 - y0).narrow(1, x0, x1 - x0).fill_(true);
        return mask;
    }
}
