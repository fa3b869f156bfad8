using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// The experiment behind MobileNetV2's linear bottleneck (Sandler et al. 2018, their Figure 1): embed a 2-D spiral
/// into m dimensions with a random matrix T, apply ReLU there, and see how much of the spiral can still be read back.
/// In few dimensions ReLU zeroes whole regions and the spiral is lost; in many, enough coordinates stay positive for
/// every point that it survives. Hence: no ReLU on a thin (low-dimensional) layer.
/// </summary>
/// <remarks>Taught in notebooks/05-after-inception.ipynb.</remarks>
public static class ReluManifold
{
    /// <summary><paramref name="count"/> points (count × 2) on a spiral of two turns around the origin, radius 0 to 1.</summary>
    public static Tensor Spiral(int count = 300)
    {
        Check.Positive(count, nameof(count));
        using var scope = NewDisposeScope();
        var t = linspace(0, 1, count, dtype: ScalarType.Float64);
        var angle = t * (4 * Math.PI);
        return stack([t * cos(angle), t * sin(angle)], 1).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Embeds <paramref name="points"/> (N × 2) with a random m × 2 Gaussian matrix T, applies ReLU to the
    /// m-dimensional points, and maps them back with the best linear map (least squares), the most any later linear
    /// layer could recover. Sandler et al. (2018) map back with T⁻¹, the pseudo-inverse of T, instead: the least-squares
    /// map is fitted to the ReLU outputs and so recovers at least as much. Returns the recovered points (N × 2) and the relative error ‖x̂ − x‖ / ‖x‖.
    /// </summary>
    public static (Tensor Recovered, double RelativeError) EmbedReluRecover(Tensor points, int dimension, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(points);
        Check.Positive(dimension, nameof(dimension));
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        var x = points.to(ScalarType.Float64);
        var embedding = randn([2, dimension], dtype: ScalarType.Float64, generator: generator);
        var activated = nn.functional.relu(x.matmul(embedding));                       // N × m, after ReLU
        var withBias = cat([activated, ones(x.shape[0], 1, dtype: ScalarType.Float64)], 1);
        var decoder = linalg.lstsq(withBias, x).Solution;                               // (m + 1) × 2
        var recovered = withBias.matmul(decoder);
        var error = (recovered - x).norm().item<double>() / x.norm().item<double>();
        return (recovered.to(ScalarType.Float32).MoveToOuterDisposeScope(), error);
    }
}
