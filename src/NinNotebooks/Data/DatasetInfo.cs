namespace NinNotebooks.Data;

/// <summary>
/// One dataset the library knows, in the one catalog of them (<see cref="Datasets.All"/>): its name, its folder inside
/// the data root, where it is downloaded from, how its folder is read, and which NiN configuration the paper trains on it.
/// Every other list of dataset names (the command line's choices, the notebooks' <c>dataset</c> parameter,
/// <c>nin data info</c>) is derived from the catalog.
/// </summary>
/// <param name="Name">The name used in settings, on the command line and as a notebook parameter, e.g. "cifar10".</param>
/// <param name="DirectoryName">The dataset's folder inside the data root, e.g. "cifar-10-batches-bin".</param>
/// <param name="Source">Where it is downloaded from; null for the synthetic stand-in, which is generated.</param>
/// <param name="IsCifarFormat">32×32 colour images in CIFAR's binary format, which the paper's GCN + ZCA preprocessing is for.</param>
/// <param name="Model">The model the paper trains on it, from <see cref="Modules.ModelCatalog"/> (e.g. nin-cifar10).</param>
public sealed record DatasetInfo(string Name, string DirectoryName, DatasetSource? Source, bool IsCifarFormat, Modules.ModelEntry Model)
{
    /// <summary>Reads and validates a folder of this dataset (no tensors yet).</summary>
    internal Func<string, DatasetFolder.Contents> Read { get; init; } = _ => throw new NotSupportedException($"{Name} has no folder reader.");
}
