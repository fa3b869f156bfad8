using static TorchSharp.torch;

namespace NinNotebooks.Data;

/// <summary>
/// Serves a dataset in mini-batches, reshuffled every epoch from a seed. The dataset is copied to the training device
/// once (as uint8, 4× smaller than float), and each batch is picked, augmented and normalised there: on a GPU no image
/// crosses the bus after the first copy and nothing waits for the host.
/// </summary>
public sealed class BatchLoader : IDisposable
{
    private readonly ImageDataset _data;
    private readonly bool _ownsData;
    private readonly Func<Tensor, Tensor>? _normalize;
    private readonly RandomCropFlip? _augment;
    private readonly long _seed;

    /// <summary>
    /// Serves <paramref name="data"/> on <paramref name="device"/> in batches of <paramref name="batchSize"/>.
    /// <paramref name="normalize"/> turns raw images into model input (e.g. <see cref="ChannelNormalization.Apply"/>);
    /// <paramref name="augment"/> is applied before it (training only). <paramref name="shuffle"/> reorders every epoch from
    /// <paramref name="seed"/>; the last, smaller batch is kept unless <paramref name="dropLast"/>.
    /// </summary>
    public BatchLoader(
        ImageDataset data,
        int batchSize,
        Device? device = null,
        Func<Tensor, Tensor>? normalize = null,
        RandomCropFlip? augment = null,
        bool shuffle = true,
        long seed = 0,
        bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        Check.Positive(batchSize, nameof(batchSize));
        device ??= data.Device;
        _ownsData = data.Device != device;
        _data = _ownsData ? data.To(device) : data;
        BatchSize = batchSize;
        _normalize = normalize;
        _augment = augment;
        Shuffle = shuffle;
        _seed = seed;
        DropLast = dropLast;
    }

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether the order changes every epoch.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a last, smaller batch is left out.</summary>
    public bool DropLast { get; }

    /// <summary>The dataset being served (on the loader's device).</summary>
    public ImageDataset Data => _data;

    /// <summary>Images served per epoch.</summary>
    public long ImagesPerEpoch => DropLast ? BatchesPerEpoch * (long)BatchSize : _data.Count;

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => (int)(DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize);

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/> (0-based). The same epoch and seed always give the same batches,
    /// whatever came before. Each batch's tensors are disposed when the next batch is requested (or the loop ends):
    /// use them inside the loop body.
    /// </summary>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        Check.NotNegative(epoch, nameof(epoch));
        var order = Order(epoch);
        _augment?.Reseed(epoch);
        try
        {
            for (var b = 0; b < BatchesPerEpoch; b++)
            {
                var batch = Make(order, b);
                try
                {
                    yield return batch;
                }
                finally
                {
                    batch.Images.Dispose();
                    batch.Labels.Dispose();
                }
            }
        }
        finally
        {
            order?.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsData)
        {
            _data.Dispose();
        }
    }

    private Tensor? Order(int epoch)
    {
        if (!Shuffle)
        {
            return null;
        }

        // The permutation is drawn on the CPU (identical on every device) and copied once per epoch.
        using var generator = new Generator(Seeds.Derive(_seed, epoch, SeedPurpose.Shuffle), CPU);
        using var permutation = randperm(_data.Count, generator: generator);
        return permutation.to(_data.Device).DetachFromDisposeScope();
    }

    private Batch Make(Tensor? order, int index)
    {
        using var scope = NewDisposeScope();
        var start = (long)index * BatchSize;
        var size = Math.Min(BatchSize, _data.Count - start);
        Tensor images, labels;
        if (order is null)
        {
            images = _data.Images.narrow(0, start, size);
            labels = _data.Labels.narrow(0, start, size);
        }
        else
        {
            var picked = order.narrow(0, start, size);
            images = _data.Images.index_select(0, picked);
            labels = _data.Labels.index_select(0, picked);
        }

        if (_augment is not null)
        {
            images = _augment.Apply(images);
        }

        images = _normalize is null ? images.to(ScalarType.Float32) : _normalize(images);
        return new Batch(images.contiguous().DetachFromDisposeScope(), labels.contiguous().DetachFromDisposeScope());
    }
}
