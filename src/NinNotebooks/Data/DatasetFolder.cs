namespace NinNotebooks.Data;

/// <summary>
/// Reads and validates one dataset's folder (what <see cref="DatasetDownloader"/> unpacks, or what a user put there by
/// hand) without creating tensors; <see cref="Datasets"/> turns the result into tensors.
/// </summary>
internal static class DatasetFolder
{
    /// <summary>The contents of a dataset folder, and the files they were read from.</summary>
    internal sealed record Contents(string Title, RawImages Train, RawImages Test, IReadOnlyList<string> ClassNames, bool IsSynthetic, IReadOnlyList<string> Files);

    // One reader per dataset; Datasets.All says which reads which.
    /// <exception cref="FileNotFoundException">An expected file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed; the message names it.</exception>
    internal static Contents ReadCifar10(string dir)
    {
        var classes = CifarReader.ReadClassNames(Path.Combine(dir, "batches.meta.txt"), 10);
        var train = CifarReader.Read(TrainBatches(dir), CifarLayout.Cifar10, [10_000, 10_000, 10_000, 10_000, 10_000]);
        var test = CifarReader.Read([Path.Combine(dir, "test_batch.bin")], CifarLayout.Cifar10, [10_000]);
        return new("CIFAR-10", train, test, classes, IsSynthetic: false, [Path.Combine(dir, "batches.meta.txt"), .. TrainBatches(dir), Path.Combine(dir, "test_batch.bin")]);
    }

    /// <exception cref="FileNotFoundException">An expected file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed; the message names it.</exception>
    internal static Contents ReadCifar100(string dir)
    {
        var classes = CifarReader.ReadClassNames(Path.Combine(dir, "fine_label_names.txt"), 100);
        var train = CifarReader.Read([Path.Combine(dir, "train.bin")], CifarLayout.Cifar100, [50_000]);
        var test = CifarReader.Read([Path.Combine(dir, "test.bin")], CifarLayout.Cifar100, [10_000]);
        return new("CIFAR-100", train, test, classes, IsSynthetic: false, [Path.Combine(dir, "fine_label_names.txt"), Path.Combine(dir, "train.bin"), Path.Combine(dir, "test.bin")]);
    }

    /// <exception cref="FileNotFoundException">An expected file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed; the message names it.</exception>
    internal static Contents ReadMnist(string dir)
    {
        var train = ReadIdxPair(dir, "train", 60_000);
        var test = ReadIdxPair(dir, "t10k", 10_000);
        return new("MNIST", train, test, [.. Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))], IsSynthetic: false,
            [.. IdxFiles(dir, "train"), .. IdxFiles(dir, "t10k")]);
    }

    /// <exception cref="FileNotFoundException">An expected file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed; the message names it.</exception>
    internal static Contents ReadSynthetic(string dir)
    {
        var info = SyntheticCifar.ReadMarker(dir);
        var classes = CifarReader.ReadClassNames(Path.Combine(dir, "batches.meta.txt"), 10);
        var train = CifarReader.Read(TrainBatches(dir), CifarLayout.Cifar10, SyntheticCifar.BatchSizes(info.TrainCount));
        var test = CifarReader.Read([Path.Combine(dir, "test_batch.bin")], CifarLayout.Cifar10, [info.TestCount]);
        return new("synthetic CIFAR-format", train, test, classes, IsSynthetic: true,
            [Path.Combine(dir, SyntheticCifar.MarkerFile), Path.Combine(dir, "batches.meta.txt"), .. TrainBatches(dir), Path.Combine(dir, "test_batch.bin")]);
    }

    private static string[] TrainBatches(string dir) => [.. Enumerable.Range(1, 5).Select(i => Path.Combine(dir, $"data_batch_{i}.bin"))];

    private static string[] IdxFiles(string dir, string prefix) => [Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), Path.Combine(dir, $"{prefix}-labels-idx1-ubyte")];

    private static RawImages ReadIdxPair(string dir, string prefix, int expected)
    {
        var (imagePath, labelPath) = (IdxFiles(dir, prefix)[0], IdxFiles(dir, prefix)[1]);
        var (imageSizes, pixels) = IdxReader.Read(imagePath, 3);
        var (labelSizes, labelBytes) = IdxReader.Read(labelPath, 1);
        if (imageSizes[0] != expected || imageSizes[1] != 28 || imageSizes[2] != 28)
        {
            throw new InvalidDataException($"{imagePath}: expected {expected:N0} images of 28×28, found {string.Join(" × ", imageSizes)}.");
        }

        if (labelSizes[0] != expected)
        {
            throw new InvalidDataException($"{labelPath}: expected {expected:N0} labels to match {Path.GetFileName(imagePath)}, found {labelSizes[0]:N0}.");
        }

        var labels = new long[expected];
        for (var i = 0; i < expected; i++)
        {
            if (labelBytes[i] > 9)
            {
                throw new InvalidDataException($"{labelPath}: label {i:N0} is {labelBytes[i]}; MNIST labels are 0 to 9.");
            }

            labels[i] = labelBytes[i];
        }

        return new RawImages(pixels, expected, 28 * 28, 0, [expected, 1, 28, 28], labels);
    }
}
