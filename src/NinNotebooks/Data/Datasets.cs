using NinNotebooks.Modules;
using NinNotebooks.Progress;

namespace NinNotebooks.Data;

/// <summary>
/// Loads a dataset by name into tensors: "cifar10", "cifar100", "mnist" (downloaded and verified when missing) or
/// "synthetic" (the <see cref="SyntheticCifar"/> stand-in, written as CIFAR-format files when missing).
/// </summary>
public static class Datasets
{
    /// <summary>Training and test images of the synthetic stand-in when it is made on first use.</summary>
    public const int DefaultSyntheticTrainCount = 5_000, DefaultSyntheticTestCount = 1_000;

    /// <summary>The synthetic stand-in's folder inside the data root.</summary>
    public const string SyntheticDirectoryName = "synthetic-cifar10";

    /// <summary>CIFAR-10 (Krizhevsky 2009): 60,000 32×32 colour images in 10 classes.</summary>
    public static DatasetInfo Cifar10 { get; } = new("cifar10", DatasetSource.Cifar10.DirectoryName, DatasetSource.Cifar10, IsCifarFormat: true, ModelCatalog.NinCifar10)
    {
        Read = DatasetFolder.ReadCifar10,
    };

    /// <summary>CIFAR-100 (Krizhevsky 2009): the same kind of images in 100 classes.</summary>
    public static DatasetInfo Cifar100 { get; } = new("cifar100", DatasetSource.Cifar100.DirectoryName, DatasetSource.Cifar100, IsCifarFormat: true, ModelCatalog.NinCifar100)
    {
        Read = DatasetFolder.ReadCifar100,
    };

    /// <summary>MNIST (LeCun et al. 1998): 70,000 28×28 handwritten digits.</summary>
    public static DatasetInfo Mnist { get; } = new("mnist", DatasetSource.Mnist.DirectoryName, DatasetSource.Mnist, IsCifarFormat: false, ModelCatalog.NinMnist)
    {
        Read = DatasetFolder.ReadMnist,
    };

    /// <summary>The generated stand-in (<see cref="SyntheticCifar"/>), in CIFAR-10's format; NiN's CIFAR-10 configuration trains on it.</summary>
    public static DatasetInfo Synthetic { get; } = new("synthetic", SyntheticDirectoryName, Source: null, IsCifarFormat: true, ModelCatalog.NinCifar10)
    {
        Read = DatasetFolder.ReadSynthetic,
    };

    /// <summary>Every dataset the library knows: the catalog the rest of the library derives its lists from.</summary>
    public static IReadOnlyList<DatasetInfo> All { get; } = [Cifar10, Cifar100, Mnist, Synthetic];

    /// <summary>The names <see cref="Load"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    /// <summary>Looks a dataset up by name (case-insensitive); the error lists the names accepted.</summary>
    /// <exception cref="ArgumentException">No dataset has that name.</exception>
    public static DatasetInfo Get(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown dataset '{name}'. Expected one of: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>
    /// Loads dataset <paramref name="name"/> from the data root (<see cref="DataRoot.Resolve"/>). With
    /// <paramref name="download"/> a missing real dataset is downloaded first (reporting to <paramref name="progress"/>);
    /// without it, a missing dataset is an error that explains how to install it by hand.
    /// </summary>
    public static DatasetSplits Load(string name, string? dataDir = null, bool download = true, IProgress<ProgressUpdate>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var dataset = Get(name);
        var root = DataRoot.Resolve(dataDir);
        var folder = Path.Combine(root, dataset.DirectoryName);
        if (dataset.Source is not { } source)
        {
            if (!Directory.Exists(folder))
            {
                SyntheticCifar.Write(folder, DefaultSyntheticTrainCount, DefaultSyntheticTestCount);
            }

            return FromFolder(dataset.Name, folder);
        }

        if (download)
        {
            using var downloader = new DatasetDownloader();
            return FromFolder(dataset.Name, downloader.Ensure(source, root, progress));
        }

        return Directory.Exists(folder)
            ? FromFolder(dataset.Name, folder)
            : throw DatasetUnavailableException.ForManualInstall(source, root, $"{folder} does not exist and downloading was not allowed.");
    }

    /// <summary>
    /// Reads, validates and loads the folder <paramref name="dir"/> holding dataset <paramref name="name"/>; the splits
    /// record the folder and the <see cref="DatasetSplits.Fingerprint"/> of the files read.
    /// </summary>
    public static DatasetSplits FromFolder(string name, string dir)
    {
        var contents = Get(name).Read(dir);
        var fingerprint = DataFingerprint.Of(contents.Train.Count, contents.Test.Count, contents.Files);
        return new DatasetSplits(
            contents.Title,
            ToDataset($"{contents.Title} train", contents.Train, contents, null),
            ToDataset($"{contents.Title} test", contents.Test, contents, contents.IsSynthetic ? dir : null))
        {
            Folder = Path.GetFullPath(dir),
            Fingerprint = fingerprint,
        };
    }

    // syntheticDir: for a synthetic test split, its folder, so that the objects' boxes can be regenerated.
    private static ImageDataset ToDataset(string name, RawImages raw, DatasetFolder.Contents contents, string? syntheticDir)
    {
        var (images, labels) = raw.ToTensors();
        var boxes = syntheticDir is null ? null : SyntheticCifar.TestBoxes(SyntheticCifar.ReadMarker(syntheticDir), images);
        return new ImageDataset(name, images, labels, contents.ClassNames, contents.IsSynthetic, boxes);
    }
}
