using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// One model of the catalog (<see cref="ModelCatalog"/>), in the spirit of timm's registry: its name, the input it is
/// meant for, how many classes it scores, and how to build it, with BatchNorm or without.
/// </summary>
/// <param name="Name">The name, e.g. "nin-cifar10".</param>
/// <param name="Description">One line saying what it is.</param>
/// <param name="InputShape">The input it expects, batch first (batch 1).</param>
/// <param name="NumClasses">How many classes it scores; null for a block, whose output is feature maps.</param>
/// <param name="Create">Builds a fresh instance.</param>
/// <param name="CreateWithBatchNorm">Builds a fresh instance with BatchNorm after every convolution, for the models that have such a variant.</param>
public sealed record ModelEntry(string Name, string Description, IReadOnlyList<long> InputShape, int? NumClasses,
    Func<nn.Module<Tensor, Tensor>> Create, Func<nn.Module<Tensor, Tensor>>? CreateWithBatchNorm = null)
{
    /// <summary>The NiN configuration a NiN entry builds (<see cref="Nin"/>); null for every other model.</summary>
    public NinConfig? Network { get; private init; }

    /// <summary>The head a NiN entry puts on <see cref="Network"/>.</summary>
    public HeadKind Head { get; private init; }

    /// <summary>
    /// The entry for NiN with <paramref name="config"/> and <paramref name="head"/>: its input shape and class count come
    /// from the configuration, and it has a BatchNorm variant.
    /// </summary>
    public static ModelEntry Nin(string name, string description, NinConfig config, HeadKind head = HeadKind.GlobalAveragePooling)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(name, description, [1, config.InputChannels, config.ImageSize, config.ImageSize], config.NumClasses,
            () => new NiN(config, head), () => new NiN(config, head, batchNorm: true)) { Network = config, Head = head };
    }

    /// <summary>Builds a fresh instance, with BatchNorm or without (<see cref="Training.TrainingConfig.BatchNorm"/>).</summary>
    /// <exception cref="ArgumentException">BatchNorm is asked for and this model has no such variant.</exception>
    public nn.Module<Tensor, Tensor> Build(bool batchNorm) =>
        !batchNorm ? Create()
        : CreateWithBatchNorm is { } create ? create()
        : throw new ArgumentException($"BatchNorm: the model {Name} has no variant with batch normalisation; set BatchNorm to false.", nameof(batchNorm));
}
