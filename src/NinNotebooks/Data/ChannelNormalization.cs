using System.Globalization;
using static TorchSharp.torch;

namespace NinNotebooks.Data;

/// <summary>
/// Per-channel standardisation: x ↦ (x/255 − mean[c]) / std[c], with mean and std measured on the training split
/// (never on test data). For CIFAR-10 they are about (0.491, 0.482, 0.447) and (0.247, 0.243, 0.262).
/// </summary>
public sealed class ChannelNormalization : IDisposable
{
    private Tensor? _scale, _shift;

    /// <summary>Uses the given per-channel mean and standard deviation (of images scaled to [0, 1]).</summary>
    public ChannelNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != std.Count || mean.Count == 0 || std.Any(s => !(s > 0)))
        {
            throw new ArgumentException($"Expected one mean and one positive std per channel, got {mean.Count} means and std ({string.Join(", ", std)}).");
        }

        Mean = mean;
        Std = std;
    }

    /// <summary>Mean of each channel, in [0, 1] units.</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>Standard deviation of each channel, in [0, 1] units.</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>Measures mean and standard deviation per channel of uint8 images N×C×H×W, scaled to [0, 1].</summary>
    public static ChannelNormalization Fit(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        var channels = images.shape[1];
        var sum = zeros(channels, dtype: ScalarType.Float64);
        var squares = zeros(channels, dtype: ScalarType.Float64);
        const long chunk = 5_000;
        for (long start = 0; start < images.shape[0]; start += chunk)
        {
            using var inner = NewDisposeScope();
            var x = images.narrow(0, start, Math.Min(chunk, images.shape[0] - start)).cpu().to(ScalarType.Float64) / 255;
            sum.add_(x.sum([0, 2, 3]));
            squares.add_((x * x).sum([0, 2, 3]));
        }

        var n = (double)images.shape[0] * images.shape[2] * images.shape[3];
        var mean = sum / n;
        var std = ((squares / n) - (mean * mean)).clamp_min(1e-12).sqrt();
        return new ChannelNormalization(
            [.. mean.to(ScalarType.Float32).data<float>()],
            [.. std.to(ScalarType.Float32).data<float>()]);
    }

    /// <summary>
    /// Applies the normalisation to a uint8 (or 0–255 float) batch N×C×H×W on its own device and returns float32.
    /// The constants are copied to the device once, not per batch.
    /// </summary>
    public Tensor Apply(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (_scale is null || _shift is null || _scale.device_type != images.device_type || _scale.device_index != images.device_index)
        {
            _scale?.Dispose();
            _shift?.Dispose();
            var shape = new long[] { 1, Mean.Count, 1, 1 };

            // (x/255 - mean)/std = x * scale + shift, one fused multiply-add per pixel.
            _scale = tensor(Std.Select(s => 1 / (255 * s)).ToArray(), shape, device: images.device).DetachFromDisposeScope();
            _shift = tensor(Mean.Zip(Std, (m, s) => -m / s).ToArray(), shape, device: images.device).DetachFromDisposeScope();
        }

        // A float input is never changed in place; a uint8 input is converted into a new tensor first.
        var scaled = images.dtype == ScalarType.Float32 ? images.mul(_scale) : images.to(ScalarType.Float32).mul_(_scale);
        return scaled.add_(_shift);
    }

    /// <summary>E.g. "mean (0.491, 0.482, 0.447), std (0.247, 0.243, 0.262)".</summary>
    public override string ToString() =>
        $"mean ({Format(Mean)}), std ({Format(Std)})";

    /// <inheritdoc/>
    public void Dispose()
    {
        _scale?.Dispose();
        _shift?.Dispose();
    }

    private static string Format(IEnumerable<float> values) => string.Join(", ", values.Select(v => v.ToString("0.000", CultureInfo.InvariantCulture)));
}
