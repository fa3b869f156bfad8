namespace NinNotebooks.Data;

/// <summary>A dataset's training and test splits; disposing it disposes both.</summary>
public sealed class DatasetSplits(string name, ImageDataset train, ImageDataset test) : IDisposable
{
    /// <summary>The dataset's name, e.g. "CIFAR-10" or "synthetic CIFAR-format".</summary>
    public string Name { get; } = name;

    /// <summary>The training split.</summary>
    public ImageDataset Train { get; } = train ?? throw new ArgumentNullException(nameof(train));

    /// <summary>The test split.</summary>
    public ImageDataset Test { get; } = test ?? throw new ArgumentNullException(nameof(test));

    /// <summary>The folder the splits were read from (full path); null for splits made in memory.</summary>
    public string? Folder { get; init; }

    /// <summary>
    /// What identifies the data (split sizes and file hashes), recorded by the trainer so that a run is not resumed on
    /// other data; null for splits made in memory.
    /// </summary>
    public DataFingerprint? Fingerprint { get; init; }

    /// <summary>True for the synthetic stand-in.</summary>
    public bool IsSynthetic => Train.IsSynthetic;

    /// <summary>Class names in label order.</summary>
    public IReadOnlyList<string> ClassNames => Train.ClassNames;

    /// <summary>Both splits, one per line; synthetic data says so first.</summary>
    public override string ToString() =>
        (IsSynthetic ? "SYNTHETIC stand-in data (not CIFAR): " + Environment.NewLine : "") + Train + Environment.NewLine + Test;

    /// <inheritdoc/>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
