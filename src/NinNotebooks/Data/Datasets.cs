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

    /// <summary>The names <see cref="Load"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cifar10", "cifar100", "mnist", "synthetic"];

    /// <summary>
    /// Loads dataset <paramref name="name"/> from the data root (<see cref="DataRoot.Resolve"/>). With
    /// <paramref name="download"/> a missing real dataset is downloaded first (reporting to <paramref name="progress"/>);
    /// without it, a missing dataset is an error that explains how to install it by hand.
    /// </summary>
    public static DatasetSplits Load(string name, string? dataDir = null, bool download = true, IProgress<ProgressUpdate>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = name.ToLowerInvariant();
        var root = DataRoot.Resolve(dataDir);
        if (name == "synthetic")
        {
            var dir = Path.Combine(root, SyntheticDirectoryName);
            if (!Directory.Exists(dir))
            {
                SyntheticCifar.Write(dir, DefaultSyntheticTrainCount, DefaultSyntheticTestCount);
            }

            return FromFolder(name, dir);
        }

        var source = DatasetSource.Get(name);
        if (download)
        {
            using var downloader = new DatasetDownloader();
            return FromFolder(name, downloader.Ensure(source, root, progress));
        }

        var folder = Path.Combine(root, source.DirectoryName);
        return Directory.Exists(folder)
            ? FromFolder(name, folder)
            : throw DatasetUnavailableException.ForManualInstall(source, root, $"{folder} does not exist and downloading was not allowed.");
    }

    /// <summary>Reads, validates and loads the folder <paramref name="dir"/> holding dataset <paramref name="name"/>.</summary>
    public static DatasetSplits FromFolder(string name, string dir)
    {
        var contents = DatasetFolder.Read(name, dir);
        return new DatasetSplits(
            contents.Title,
            ToDataset($"{contents.Title} train", contents.Train, contents, null),
            ToDataset($"{contents.Title} test", contents.Test, contents, contents.IsSynthetic ? dir : null));
    }

    // syntheticDir: for a synthetic test split, its folder, so that the objects' boxes can be regenerated.
    private static ImageDataset ToDataset(string name, RawImages raw, DatasetFolder.Contents contents, string? syntheticDir)
    {
        var (images, labels) = raw.ToTensors();
        var boxes = syntheticDir is null ? null : SyntheticCifar.TestBoxes(SyntheticCifar.ReadMarker(syntheticDir), images);
        return new ImageDataset(name, images, labels, contents.ClassNames, contents.IsSynthetic, boxes);
    }
}
