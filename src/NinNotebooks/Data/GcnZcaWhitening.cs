using static TorchSharp.torch;

namespace NinNotebooks.Data;

/// <summary>
/// The paper's preprocessing for CIFAR (the maxout networks' pylearn2 pipeline the authors reused): global
/// contrast normalisation of each image (subtract its mean, scale it to L2 norm <see cref="Scale"/> = 55), then
/// ZCA whitening fitted on the training split: x ↦ (x − μ) · U diag(1/√(λ + <see cref="Bias"/>)) Uᵀ, with λ, U the
/// eigenvalues and eigenvectors of the training covariance and bias 0.1. Works on 3,072-dimensional CIFAR images.
/// </summary>
public sealed class GcnZcaWhitening : IDisposable
{
    private readonly Tensor _mean;
    private readonly Tensor _whitening;

    private GcnZcaWhitening(Tensor mean, Tensor whitening, double scale, double bias) =>
        (_mean, _whitening, Scale, Bias) = (mean, whitening, scale, bias);

    /// <summary>The L2 norm each image has after contrast normalisation (pylearn2's 55).</summary>
    public double Scale { get; }

    /// <summary>The eigenvalue bias of the whitening (pylearn2's filter_bias, 0.1).</summary>
    public double Bias { get; }

    /// <summary>Fits the whitening on training images (uint8 or float N×C×H×W) after contrast normalisation.</summary>
    public static GcnZcaWhitening Fit(Tensor trainImages, double scale = 55, double bias = 0.1)
    {
        ArgumentNullException.ThrowIfNull(trainImages);
        using var scope = NewDisposeScope();
        var x = ContrastNormalize(trainImages, scale).to(ScalarType.Float64);   // N x D
        var mean = x.mean([0]);
        var centred = x - mean;
        var covariance = centred.t().mm(centred) / x.shape[0];                 // D x D
        var (eigenvalues, eigenvectors) = linalg.eigh(covariance);
        var whitening = eigenvectors.mm(diag((eigenvalues.clamp_min(0) + bias).rsqrt())).mm(eigenvectors.t());
        return new GcnZcaWhitening(
            mean.to(ScalarType.Float32).MoveToOuterDisposeScope(),
            whitening.to(ScalarType.Float32).MoveToOuterDisposeScope(),
            scale,
            bias);
    }

    /// <summary>Contrast-normalises and whitens images N×C×H×W (on the CPU) into float32 of the same shape.</summary>
    public Tensor Apply(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        var flat = ContrastNormalize(images, Scale);
        if (flat.shape[1] != _mean.shape[0])
        {
            throw new ArgumentException($"The whitening was fitted on {_mean.shape[0]}-value images, got images of {flat.shape[1]} values.", nameof(images));
        }

        return (flat - _mean).mm(_whitening).reshape(images.shape).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _mean.Dispose();
        _whitening.Dispose();
    }

    /// <summary>Global contrast normalisation: each image minus its mean, scaled to L2 norm <paramref name="scale"/>; N×D float32.</summary>
    public static Tensor ContrastNormalize(Tensor images, double scale = 55)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        var x = images.cpu().to(ScalarType.Float32).reshape(images.shape[0], -1);
        var centred = x - x.mean([1], keepdim: true);
        var norm = centred.norm(1, keepdim: true).clamp_min(1e-8);
        return (centred * (scale / norm)).MoveToOuterDisposeScope();
    }
}
