using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>A named model the CLI and notebooks can build by name, with the input it is meant for.</summary>
/// <param name="Name">The name, e.g. "nin-cifar10".</param>
/// <param name="Description">One line saying what it is.</param>
/// <param name="InputShape">The input it expects, batch first (batch 1).</param>
/// <param name="Create">Builds a fresh instance.</param>
/// <param name="CreateWithBatchNorm">Builds a fresh instance with BatchNorm after every convolution, for the models that have such a variant.</param>
public sealed record ModelEntry(string Name, string Description, IReadOnlyList<long> InputShape, Func<nn.Module<Tensor, Tensor>> Create,
    Func<nn.Module<Tensor, Tensor>>? CreateWithBatchNorm = null)
{
    /// <summary>Builds a fresh instance, with BatchNorm or without (<see cref="Training.TrainingConfig.BatchNorm"/>).</summary>
    /// <exception cref="ArgumentException">BatchNorm is asked for and this model has no such variant.</exception>
    public nn.Module<Tensor, Tensor> Build(bool batchNorm) =>
        !batchNorm ? Create()
        : CreateWithBatchNorm is { } create ? create()
        : throw new ArgumentException($"BatchNorm: the model {Name} has no variant with batch normalisation; set BatchNorm to false.", nameof(batchNorm));
}
