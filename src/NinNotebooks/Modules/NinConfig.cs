namespace NinNotebooks.Modules;

/// <summary>
/// A NiN network as data: input size, number of classes and one <see cref="NinStage"/> per mlpconv block.
/// <see cref="Cifar10"/>, <see cref="Cifar100"/> and <see cref="Mnist"/> are the authors' own configurations
/// (their cuda-convnet layer definition files), layer for layer.
/// </summary>
/// <param name="Name">A short name, e.g. "nin-cifar10".</param>
/// <param name="InputChannels">Channels of the input images (3 for colour, 1 for MNIST).</param>
/// <param name="ImageSize">Height and width of the (square) input images.</param>
/// <param name="NumClasses">Number of classes; the last stage must output this many channels.</param>
/// <param name="Stages">The mlpconv blocks in order.</param>
/// <remarks>Taught in notebooks/01-mlpconv.ipynb.</remarks>
public sealed record NinConfig(string Name, int InputChannels, int ImageSize, int NumClasses, IReadOnlyList<NinStage> Stages)
{
    /// <summary>
    /// The paper's CIFAR-10 network: [5×5 192, 1×1 160, 1×1 96] → max-pool 3/2 → dropout 0.5 →
    /// [5×5 192, 1×1 192, 1×1 192] → max-pool 3/2 → dropout 0.5 → [3×3 192, 1×1 192, 1×1 10] → global average
    /// pooling. Input 3×32×32; 966,986 parameters; weights initialised from N(0, 0.05).
    /// </summary>
    public static NinConfig Cifar10 { get; } = new("nin-cifar10", 3, 32, 10,
    [
        new(5, 2, [192, 160, 96], NinPool.Max, 0.5),
        new(5, 2, [192, 192, 192], NinPool.Max, 0.5),
        new(3, 1, [192, 192, 10]),
    ]);

    /// <summary>
    /// The paper's CIFAR-100 network: the CIFAR-10 layers with 100 output maps, and the authors' smaller
    /// initial weights for the first block (k×k N(0, 0.001), 1×1 N(0, 0.01)). 984,356 parameters.
    /// </summary>
    public static NinConfig Cifar100 { get; } = new("nin-cifar100", 3, 32, 100,
    [
        new(5, 2, [192, 160, 96], NinPool.Max, 0.5, ConvInitStd: 0.001, PointwiseInitStd: 0.01),
        new(5, 2, [192, 192, 192], NinPool.Max, 0.5),
        new(3, 1, [192, 192, 100]),
    ]);

    /// <summary>
    /// The paper's MNIST network: the same structure with fewer maps, on 1×28×28 digits:
    /// [5×5 96, 1×1 64, 1×1 48] → max-pool → dropout → [5×5 128, 1×1 96, 1×1 48] → max-pool → dropout →
    /// [5×5 128, 1×1 96, 1×1 10] → global average pooling (28 → 14 → 7). 349,674 parameters.
    /// </summary>
    public static NinConfig Mnist { get; } = new("nin-mnist", 1, 28, 10,
    [
        new(5, 2, [96, 64, 48], NinPool.Max, 0.5),
        new(5, 2, [128, 96, 48], NinPool.Max, 0.5),
        new(5, 2, [128, 96, 10]),
    ]);

    /// <summary>The authors' configurations: CIFAR-10, CIFAR-100, MNIST.</summary>
    public static IReadOnlyList<NinConfig> All { get; } = [Cifar10, Cifar100, Mnist];

    /// <summary>Height and width of the last block's feature maps for <see cref="ImageSize"/> inputs (8 for CIFAR).</summary>
    public int FeatureMapSize => StageOutputSize(Stages.Count - 1);

    /// <summary>
    /// Height and width of mlpconv block <paramref name="stage"/>'s output (0-based), before its pooling:
    /// the first convolution gives n + 2·padding − k + 1 and the 1×1 layers keep it (32 for CIFAR-10's first block).
    /// </summary>
    public int BlockOutputSize(int stage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, Stages.Count);
        var size = stage == 0 ? ImageSize : StageOutputSize(stage - 1);
        return size + (2 * Stages[stage].Padding) - Stages[stage].KernelSize + 1;
    }

    /// <summary>
    /// Height and width after stage <paramref name="stage"/>'s pooling (its block's output when it has none): the
    /// 3×3 stride-2 window rounds up (<see cref="PoolOutputSize"/> in ceil mode), so CIFAR-10 goes 32 → 16 → 8.
    /// </summary>
    public int StageOutputSize(int stage)
    {
        var size = BlockOutputSize(stage);
        return Stages[stage].Pool == NinPool.None ? size : PoolOutputSize(Math.Max(size, 0), ceilMode: true);
    }

    /// <summary>
    /// Output height (or width) of NiN's 3×3 stride-2 pooling, without padding, on <paramref name="size"/> rows:
    /// ⌊(n − 3) / 2⌋ + 1 in floor mode (PyTorch's default), ⌈(n − 3) / 2⌉ + 1 in ceil mode (cuda-convnet's, and
    /// <c>ceil_mode: true</c>). On 32 rows floor mode gives 15, ceil mode 16.
    /// </summary>
    public static int PoolOutputSize(int size, bool ceilMode)
    {
        Check.NotNegative(size, nameof(size));
        var span = size - 3;
        if (span < 0)
        {
            return 0;
        }

        return (ceilMode ? (span + 1) / 2 : span / 2) + 1;
    }

    /// <summary>Throws a clear error when the table cannot build a network.</summary>
    public void Validate()
    {
        Check.Positive(InputChannels, nameof(InputChannels));
        Check.Positive(ImageSize, nameof(ImageSize));
        Check.Positive(NumClasses, nameof(NumClasses));
        if (Stages is null || Stages.Count == 0)
        {
            throw new ArgumentException($"NiN configuration '{Name}' has no stages.", nameof(Stages));
        }

        foreach (var stage in Stages)
        {
            Check.Probability(stage.Dropout, nameof(stage.Dropout));
        }

        if (Stages[^1].OutChannels != NumClasses)
        {
            throw new ArgumentException(
                $"NiN configuration '{Name}': the last stage outputs {Stages[^1].OutChannels} maps but NumClasses is {NumClasses}; " +
                "in NiN the last mlpconv block produces one map per class.", nameof(Stages));
        }

        if (FeatureMapSize < 1)
        {
            throw new ArgumentException(
                $"NiN configuration '{Name}': {ImageSize}×{ImageSize} inputs shrink to nothing through its stages.", nameof(ImageSize));
        }
    }
}
