namespace NinNotebooks.Data;

/// <summary>
/// Where a dataset comes from and what its folder holds once it is in place: the files to download (with
/// published checksums), how they unpack, and the exact file names the readers expect.
/// </summary>
/// <param name="Name">Short name used on the command line: "cifar10", "cifar100", "mnist".</param>
/// <param name="DirectoryName">The dataset's folder inside the data root, e.g. "cifar-10-batches-bin".</param>
/// <param name="Downloads">The files to download.</param>
/// <param name="Kind">How the downloads unpack into <paramref name="DirectoryName"/>.</param>
/// <param name="ExpectedFiles">File names inside the folder that must be present.</param>
public sealed record DatasetSource(string Name, string DirectoryName, IReadOnlyList<RemoteFile> Downloads, ArchiveKind Kind, IReadOnlyList<string> ExpectedFiles)
{
    private static readonly Uri Toronto = new("https://www.cs.toronto.edu/~kriz/");
    private static readonly Uri MnistMirror = new("https://ossci-datasets.s3.amazonaws.com/mnist/");

    /// <summary>CIFAR-10, binary version: five training batches and one test batch of 10,000 images each.</summary>
    public static DatasetSource Cifar10 { get; } = new("cifar10", "cifar-10-batches-bin",
        [new("cifar-10-binary.tar.gz", new Uri(Toronto, "cifar-10-binary.tar.gz"), "c32a1d4ab5d03f1284b67883e8d87530", 170_052_171)],
        ArchiveKind.TarGz,
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin", "batches.meta.txt"]);

    /// <summary>CIFAR-100, binary version: 50,000 training and 10,000 test images, coarse and fine labels.</summary>
    public static DatasetSource Cifar100 { get; } = new("cifar100", "cifar-100-binary",
        [new("cifar-100-binary.tar.gz", new Uri(Toronto, "cifar-100-binary.tar.gz"), "03b5dce01913d631647c71ecec9e9cb8", 168_513_733)],
        ArchiveKind.TarGz,
        ["train.bin", "test.bin", "fine_label_names.txt", "coarse_label_names.txt"]);

    /// <summary>MNIST in its IDX format (from the mirror torchvision uses; the original site is often down).</summary>
    public static DatasetSource Mnist { get; } = new("mnist", "mnist",
        [
            new("train-images-idx3-ubyte.gz", new Uri(MnistMirror, "train-images-idx3-ubyte.gz"), "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9_912_422),
            new("train-labels-idx1-ubyte.gz", new Uri(MnistMirror, "train-labels-idx1-ubyte.gz"), "d53e105ee54ea40749a09fcbcd1e9432", 28_881),
            new("t10k-images-idx3-ubyte.gz", new Uri(MnistMirror, "t10k-images-idx3-ubyte.gz"), "9fb629c4189551a2d022fa330f9573f3", 1_648_877),
            new("t10k-labels-idx1-ubyte.gz", new Uri(MnistMirror, "t10k-labels-idx1-ubyte.gz"), "ec29112dd5afa0611ce80d1b7f02629c", 4_542),
        ],
        ArchiveKind.GzipFiles,
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]);

    /// <summary>The datasets that can be downloaded (those of <see cref="Datasets.All"/> that have a source).</summary>
    public static IReadOnlyList<DatasetSource> All => [.. Datasets.All.Select(d => d.Source).OfType<DatasetSource>()];

    /// <summary>Looks a source up by <see cref="Name"/> (case-insensitive); the error lists the names accepted.</summary>
    public static DatasetSource Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown dataset '{name}'. Expected one of: {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));
}
