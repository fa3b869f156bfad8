namespace NinNotebooks.Modules;

/// <summary>
/// The one registry of the package's networks and blocks by name: what <c>nin summary &lt;model&gt;</c> and the training
/// setting Model accept, and the model each dataset of <see cref="Data.Datasets"/> is trained with.
/// </summary>
public static class ModelCatalog
{
    /// <summary>Network in Network, the authors' CIFAR-10 configuration: the model the paper trains on CIFAR-10.</summary>
    public static ModelEntry NinCifar10 { get; } = ModelEntry.Nin("nin-cifar10", "Network in Network, the authors' CIFAR-10 configuration (GAP head)", NinConfig.Cifar10);

    /// <summary>Network in Network, the authors' CIFAR-100 configuration.</summary>
    public static ModelEntry NinCifar100 { get; } = ModelEntry.Nin("nin-cifar100", "Network in Network, the authors' CIFAR-100 configuration", NinConfig.Cifar100);

    /// <summary>Network in Network, the authors' MNIST configuration.</summary>
    public static ModelEntry NinMnist { get; } = ModelEntry.Nin("nin-mnist", "Network in Network, the authors' MNIST configuration (1 x 28 x 28)", NinConfig.Mnist);

    /// <summary>All entries, in teaching order.</summary>
    public static IReadOnlyList<ModelEntry> All { get; } =
    [
        new("mlpconv", "NiN's first mlpconv block for CIFAR-10: 5x5 conv 192, 1x1 160, 1x1 96",
            [1, 3, 32, 32], null, () => new MlpConv(3, [192, 160, 96], 5, padding: 2)),
        NinCifar10,
        ModelEntry.Nin("nin-cifar10-fc", "The same NiN body with a flatten + fully connected head instead of GAP", NinConfig.Cifar10, HeadKind.FlattenLinear),
        NinCifar100,
        NinMnist,
        new("inception-3a", "GoogLeNet's inception (3a) block with 1x1 reductions",
            [1, 192, 28, 28], null, () => GoogLeNet.Table[0].Create()),
        new("inception-3a-naive", "Inception (3a) without 1x1 reductions (the naive block)",
            [1, 192, 28, 28], null, () => new NaiveInceptionBlock(192, 64, 128, 32)),
        new("inception-aux", "GoogLeNet's auxiliary classifier, as attached to inception (4a)",
            [1, 512, 14, 14], 1000, () => new InceptionAux(512, 1000)),
        new("googlenet", "GoogLeNet (Inception v1) from the paper's Table 1, with auxiliary classifiers",
            [1, 3, 224, 224], 1000, () => new GoogLeNet()),
        new("googlenet-noaux", "GoogLeNet without its auxiliary classifiers (the network used at test time)",
            [1, 3, 224, 224], 1000, () => new GoogLeNet(auxClassifiers: false)),
        new("separable-conv", "Depthwise-separable 3x3 convolution, 32 -> 64 channels (MobileNet)",
            [1, 32, 112, 112], null, () => new DepthwiseSeparableConv(32, 64)),
        new("inverted-residual", "MobileNetV2 inverted residual: 24 -> 144 -> 24 channels, ReLU6, residual add",
            [1, 24, 56, 56], null, () => new InvertedResidual(24, 24, stride: 1, expandRatio: 6)),
        new("alexnet-fc", "A simplified AlexNet (from a short Keras example) with its flatten + fully connected head",
            [1, 3, 224, 224], 1000, () => new AlexNet(AlexNetHead.FlattenLinear)),
        new("alexnet-gap", "The same simplified AlexNet with the example's 3x3 conv + GAP + dense head",
            [1, 3, 224, 224], 1000, () => new AlexNet(AlexNetHead.Conv3x3GapDense)),
        new("alexnet-nin", "The same simplified AlexNet with NiN's head: 1x1 conv to 1000 maps + GAP",
            [1, 3, 224, 224], 1000, () => new AlexNet(AlexNetHead.Conv1x1Gap)),
    ];

    /// <summary>The entry called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such model; the message lists the accepted names.</exception>
    public static ModelEntry Get(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown model '{name}'. Accepted: {string.Join(", ", All.Select(e => e.Name))}.", nameof(name));
}
