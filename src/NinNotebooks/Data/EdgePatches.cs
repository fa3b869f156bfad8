using static TorchSharp.torch;

namespace NinNotebooks.Data;

/// <summary>
/// A latent concept that one linear filter cannot capture, on 3 x 3 grey patches: "a vertical edge", in either
/// polarity (dark to light or light to dark), against flat patches and horizontal edges (always dark above, light below). A GLM filter
/// w·x + b scores a dark-to-light edge and its mirror image on opposite sides of a flat patch, so it can accept one
/// polarity or the other but not both: it tops out near 75 % accuracy. A micro network (a 3 x 3 filter bank, a ReLU
/// and a 1 x 1 layer: an mlpconv) learns both. This is the paper's argument for mlpconv in its smallest form.
/// </summary>
/// <remarks>Taught in notebooks/01-mlpconv.ipynb.</remarks>
public static class EdgePatches
{
    /// <summary>The class names: 0 = no vertical edge, 1 = vertical edge.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["no vertical edge", "vertical edge"];

    /// <summary>
    /// <paramref name="count"/> patches, a quarter of each kind: vertical edge dark to light, vertical edge light to
    /// dark (class 1), flat, horizontal edge dark above and light below (class 0). Brightness, contrast and noise vary.
    /// </summary>
    /// <returns>Patches N x 1 x 3 x 3 (float32) and labels N (int64), shuffled, deterministic for a seed.</returns>
    public static (Tensor Patches, Tensor Labels) Generate(int count, long seed = 0)
    {
        Check.Positive(count, nameof(count));
        using var scope = NewDisposeScope();
        using var generator = new Generator(Seeds.Derive(seed, 0, SeedPurpose.EdgePatches), CPU);
        var kind = randint(4, [count], generator: generator);                      // 0, 1: vertical edges; 2: flat; 3: horizontal
        var baseLevel = rand([count, 1, 1], generator: generator) - 0.5;
        var contrast = (0.6 + (rand([count, 1, 1], generator: generator) * 0.6)) * (randint(2, [count, 1, 1], generator: generator) * 2 - 1);
        var ramp = tensor(new float[] { -0.5f, 0, 0.5f });
        var vertical = ramp.reshape(1, 1, 3).expand(count, 3, 3);                  // changes from left to right
        var horizontal = ramp.reshape(1, 3, 1).expand(count, 3, 3);                // changes from top to bottom
        var k = kind.reshape(count, 1, 1);
        var sign = where(k == 1, -1.0f, 1.0f);
        var edge = where(k <= 1, vertical * sign, where(k == 3, horizontal, zeros_like(vertical)));
        var patches = baseLevel + (contrast.abs() * edge) + (randn([count, 3, 3], generator: generator) * 0.05);
        var labels = (kind <= 1).to(ScalarType.Int64);
        var order = randperm(count, generator: generator);
        var result = (patches.unsqueeze(1)[order].to(ScalarType.Float32), labels[order]);
        scope.MoveToOuter(result.Item1, result.Item2);
        return result;
    }
}
