using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>A named model the CLI and notebooks can build by name, with the input it is meant for.</summary>
/// <param name="Name">The name, e.g. "nin-cifar10".</param>
/// <param name="Description">One line saying what it is.</param>
/// <param name="InputShape">The input it expects, batch first (batch 1).</param>
/// <param name="Create">Builds a fresh instance.</param>
public sealed record ModelEntry(string Name, string Description, IReadOnlyList<long> InputShape, Func<nn.Module<Tensor, Tensor>> Create);
