using static TorchSharp.torch;

namespace NinNotebooks.Data;

/// <summary>
/// The standard CIFAR augmentation: pad each image by <see cref="Padding"/> zero pixels, crop a random window of the
/// original size, and mirror it left-right with probability ½. Offsets and flips are drawn per image, and the whole
/// batch is done with two tensor gathers on the batch's own device (no per-image loop), from a seeded generator.
/// </summary>
/// <remarks>Taught in notebooks/06-training-nin.ipynb.</remarks>
public sealed class RandomCropFlip : IDisposable
{
    private readonly Generator _generator;
    private readonly long _seed;

    /// <summary>Augments on <paramref name="device"/> (default CPU) with <paramref name="seed"/>.</summary>
    public RandomCropFlip(int padding = 4, bool flip = true, long seed = 0, Device? device = null)
    {
        Check.NotNegative(padding, nameof(padding));
        Padding = padding;
        Flip = flip;
        _seed = seed;
        _generator = new Generator((ulong)seed, device ?? CPU);
    }

    /// <summary>Pixels of zero padding on each side before cropping (4 for CIFAR).</summary>
    public int Padding { get; }

    /// <summary>Whether images are mirrored left-right at random.</summary>
    public bool Flip { get; }

    /// <summary>
    /// Restarts the random stream for <paramref name="epoch"/>, so that any epoch can be replayed exactly (as when
    /// training resumes from a checkpoint).
    /// </summary>
    public void Reseed(int epoch) => _generator.manual_seed((long)Seeds.Derive(_seed, epoch, SeedPurpose.Augmentation));

    /// <summary>Augments a batch N×C×H×W (any dtype) on its device; returns a new tensor of the same shape and dtype.</summary>
    public Tensor Apply(Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.dim() != 4)
        {
            throw new ArgumentException($"Expected a batch N×C×H×W, got [{string.Join(", ", batch.shape)}].", nameof(batch));
        }

        using var scope = NewDisposeScope();
        var (n, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3]);
        var device = batch.device;
        var p = Padding;
        var padded = p > 0 ? nn.functional.pad(batch, [p, p, p, p]) : batch;          // N x C x (H+2p) x (W+2p)
        var top = randint(0, (2 * p) + 1, [n, 1], dtype: ScalarType.Int64, device: device, generator: _generator);
        var left = randint(0, (2 * p) + 1, [n, 1], dtype: ScalarType.Int64, device: device, generator: _generator);
        var rows = top + arange(h, dtype: ScalarType.Int64, device: device);           // N x H
        var across = arange(w, dtype: ScalarType.Int64, device: device).unsqueeze(0);  // 1 x W
        if (Flip)
        {
            var mirrored = randint(0, 2, [n, 1], dtype: ScalarType.Int64, device: device, generator: _generator).to(ScalarType.Bool);
            across = where(mirrored, (w - 1) - across, across);                        // N x W
        }

        var columns = left + across;                                                     // N x W

        // One gather: pixel (i, j) of image n comes from row rows[n, i], column columns[n, j] of its padded image.
        var width = w + (2 * p);
        var source = (rows.unsqueeze(2) * width) + columns.unsqueeze(1);                // N x H x W
        var flat = padded.reshape(n, c, -1);                                             // N x C x (H+2p)(W+2p)
        var crop = flat.gather(2, source.view(n, 1, h * w).expand(n, c, h * w)).view(n, c, h, w);
        return crop.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void Dispose() => _generator.Dispose();
}
