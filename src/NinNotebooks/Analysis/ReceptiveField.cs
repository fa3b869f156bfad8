using NinNotebooks.Modules;

namespace NinNotebooks.Analysis;

/// <summary>
/// The receptive field of one position of a feature map: the square of input pixels that can change its value.
/// Position (y, x) of the map sees input rows <c>Offset + y·Jump</c> to <c>Offset + y·Jump + Size − 1</c>
/// (and the same columns for x); rows outside the image are zero padding.
/// </summary>
/// <param name="Size">Side of the square in input pixels (5 for the first CIFAR-10 stage).</param>
/// <param name="Jump">Input pixels between neighbouring map positions (1, then 2, then 4 after each 3/2 pooling).</param>
/// <param name="Offset">
/// Input coordinate of the first row (and column) of position 0's field; negative when the field starts in the padding
/// (−2 for a 5×5 convolution with padding 2).
/// </param>
/// <remarks>Taught in notebooks/07-what-nin-learns.ipynb.</remarks>
public sealed record ReceptiveField(int Size, int Jump, int Offset)
{
    /// <summary>The field of a single input pixel (before any layer): size 1, jump 1, offset 0.</summary>
    public static ReceptiveField Pixel { get; } = new(1, 1, 0);

    /// <summary>
    /// The field of the output of mlpconv block <paramref name="stage"/> (0-based, after its last ReLU, as
    /// <see cref="NiN.ForwardStages"/> returns it), computed from the table layer by layer: each layer with kernel k,
    /// stride s and padding p grows the field by (k − 1)·jump, moves its start by −p·jump and multiplies the jump by s.
    /// The 1×1 convolutions change nothing; each 3×3 stride-2 pooling between blocks adds 2·jump and doubles the jump.
    /// Ceil mode only adds a last window that runs past the border, so it does not change these numbers.
    /// </summary>
    /// <param name="config">The network's table, e.g. <see cref="NinConfig.Cifar10"/>.</param>
    /// <param name="stage">Index of the mlpconv block, 0 to stages − 1.</param>
    /// <returns>For CIFAR-10: stage 0 (5, 1, −2), stage 1 (15, 2, −6), stage 2 (27, 4, −10).</returns>
    public static ReceptiveField Of(NinConfig config, int stage)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, config.Stages.Count);
        var field = Pixel;
        for (var i = 0; i <= stage; i++)
        {
            if (i > 0 && config.Stages[i - 1].Pool != NinPool.None)
            {
                field = field.Then(kernelSize: 3, stride: 2, padding: 0);
            }

            field = field.Then(config.Stages[i].KernelSize, stride: 1, config.Stages[i].Padding);
        }

        return field;
    }

    /// <summary>The field after one more layer with the given kernel, stride and padding on top of this one.</summary>
    /// <param name="kernelSize">The layer's window side k.</param>
    /// <param name="stride">The layer's stride s.</param>
    /// <param name="padding">The layer's zero padding p on each side.</param>
    public ReceptiveField Then(int kernelSize, int stride, int padding)
    {
        Check.Positive(kernelSize, nameof(kernelSize));
        Check.Positive(stride, nameof(stride));
        Check.NotNegative(padding, nameof(padding));
        return new(Size + ((kernelSize - 1) * Jump), Jump * stride, Offset - (padding * Jump));
    }

    /// <summary>The input coordinate where the field of map position <paramref name="position"/> (a row or a column) starts.</summary>
    public int Start(int position) => Offset + (position * Jump);
}
