using System.Globalization;
using static TorchSharp.torch;

namespace NinNotebooks.Data;

/// <summary>
/// One split of an image dataset held as tensors: <see cref="Images"/> uint8 N×C×H×W (0–255, as stored on disk)
/// and <see cref="Labels"/> int64 N. CIFAR-10's 50,000 training images take about 154 MB this way, small enough to
/// live on the training device.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    /// <summary>Wraps tensors; the dataset owns them and disposes them with itself.</summary>
    public ImageDataset(string name, Tensor images, Tensor labels, IReadOnlyList<string> classNames, bool isSynthetic)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (images.dim() != 4 || labels.dim() != 1 || images.shape[0] != labels.shape[0])
        {
            throw new ArgumentException(
                $"{name}: expected images N×C×H×W and labels N, got [{string.Join(", ", images.shape)}] and [{string.Join(", ", labels.shape)}].");
        }

        Name = name;
        Images = images;
        Labels = labels;
        ClassNames = classNames;
        IsSynthetic = isSynthetic;
    }

    /// <summary>What the split is, e.g. "CIFAR-10 train" or "synthetic CIFAR-format train".</summary>
    public string Name { get; }

    /// <summary>The images, uint8 N×C×H×W (or float after preprocessing such as <see cref="GcnZcaWhitening"/>).</summary>
    public Tensor Images { get; }

    /// <summary>Class indices, int64 N.</summary>
    public Tensor Labels { get; }

    /// <summary>Class names in label order, from the dataset's meta file.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>True for the synthetic stand-in; everything made from it should say so.</summary>
    public bool IsSynthetic { get; }

    /// <summary>Number of images.</summary>
    public long Count => Images.shape[0];

    /// <summary>Number of classes.</summary>
    public int NumClasses => ClassNames.Count;

    /// <summary>The device the tensors are on.</summary>
    public Device Device => Images.device;

    /// <summary>
    /// A random subset of <paramref name="count"/> images (all of them when <paramref name="count"/> is larger), the
    /// same for the same <paramref name="seed"/>. The subset owns copies; this dataset is unchanged.
    /// </summary>
    public ImageDataset Subset(long count, long seed = 0)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be at least 1, got {count}.");
        }

        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        var take = Math.Min(count, Count);
        var indices = randperm(Count, generator: generator).narrow(0, 0, take).sort().Values.to(Device);
        var images = Images.index_select(0, indices).MoveToOuterDisposeScope();
        var labels = Labels.index_select(0, indices).MoveToOuterDisposeScope();
        var name = take == Count ? Name : string.Create(CultureInfo.InvariantCulture, $"{Name} (subset of {take:N0})");
        return new ImageDataset(name, images, labels, ClassNames, IsSynthetic);
    }

    /// <summary>A copy on <paramref name="device"/> (the images keep their dtype, so uint8 stays 4× smaller than float).</summary>
    public ImageDataset To(Device device) =>
        new(Name, Images.to(device), Labels.to(device), ClassNames, IsSynthetic);

    /// <summary>The same split with <paramref name="images"/> in place of the current images (e.g. preprocessed ones).</summary>
    public ImageDataset WithImages(Tensor images) => new(Name, images, Labels.alias(), ClassNames, IsSynthetic);

    /// <summary>E.g. "CIFAR-10 train: 50,000 images 3×32×32, 10 classes".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Count:N0} images {Images.shape[1]}×{Images.shape[2]}×{Images.shape[3]}, {NumClasses} classes");

    /// <inheritdoc/>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
