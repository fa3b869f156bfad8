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
    /// <param name="name">What the split is.</param>
    /// <param name="images">uint8 N×C×H×W.</param>
    /// <param name="labels">int64 N.</param>
    /// <param name="classNames">Class names in label order.</param>
    /// <param name="isSynthetic">True for the synthetic stand-in.</param>
    /// <param name="boxes">Where each image's object is, int64 N×4 (x0, y0, x1, y1, inclusive pixels), when known.</param>
    public ImageDataset(string name, Tensor images, Tensor labels, IReadOnlyList<string> classNames, bool isSynthetic, Tensor? boxes = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (images.dim() != 4 || labels.dim() != 1 || images.shape[0] != labels.shape[0])
        {
            throw new ArgumentException(
                $"{name}: expected images N×C×H×W and labels N, got [{string.Join(", ", images.shape)}] and [{string.Join(", ", labels.shape)}].");
        }

        if (boxes is not null && (boxes.dim() != 2 || boxes.shape[0] != images.shape[0] || boxes.shape[1] != 4))
        {
            throw new ArgumentException($"{name}: expected boxes N×4, got [{string.Join(", ", boxes.shape)}].", nameof(boxes));
        }

        Name = name;
        Images = images;
        Boxes = boxes;
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

    /// <summary>
    /// Where each image's object is, int64 N×4 (x0, y0, x1, y1: first and last column and row, inclusive), on the CPU;
    /// null unless the dataset knows (only the synthetic stand-in's test split does).
    /// </summary>
    public Tensor? Boxes { get; }

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
        var boxes = Boxes?.index_select(0, indices.cpu()).MoveToOuterDisposeScope();
        var name = take == Count ? Name : string.Create(CultureInfo.InvariantCulture, $"{Name} (subset of {take:N0})");
        return new ImageDataset(name, images, labels, ClassNames, IsSynthetic, boxes);
    }

    /// <summary>A copy on <paramref name="device"/> (the images keep their dtype, so uint8 stays 4× smaller than float).</summary>
    public ImageDataset To(Device device) =>
        new(Name, Images.to(device), Labels.to(device), ClassNames, IsSynthetic, Boxes?.alias());

    /// <summary>The same split with <paramref name="images"/> in place of the current images (e.g. preprocessed ones).</summary>
    public ImageDataset WithImages(Tensor images) => new(Name, images, Labels.alias(), ClassNames, IsSynthetic, Boxes?.alias());

    /// <summary>E.g. "CIFAR-10 train: 50,000 images 3×32×32, 10 classes".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Count:N0} images {Images.shape[1]}×{Images.shape[2]}×{Images.shape[3]}, {NumClasses} classes");

    /// <inheritdoc/>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        Boxes?.Dispose();
    }
}
