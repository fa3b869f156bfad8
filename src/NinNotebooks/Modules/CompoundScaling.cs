using System.Globalization;
using NinNotebooks.Analysis;

namespace NinNotebooks.Modules;

/// <summary>
/// EfficientNet's compound scaling (Tan and Le 2019): make a network deeper by <see cref="Depth"/>, wider by
/// <see cref="Width"/> and feed it larger images by <see cref="Resolution"/>, all from one coefficient φ:
/// d = α^φ, w = β^φ, r = γ^φ with α = 1.2, β = 1.1, γ = 1.15, chosen so that α·β²·γ² ≈ 2. The cost of a convolution
/// network grows as d·w²·r² (depth adds layers, width multiplies both channel counts of every layer, resolution both
/// sides of every map), so each step of φ about doubles it. <see cref="Apply"/> scales a NiN table.
/// </summary>
/// <param name="Depth">Layer-count multiplier d.</param>
/// <param name="Width">Channel multiplier w.</param>
/// <param name="Resolution">Input-size multiplier r.</param>
/// <remarks>Taught in notebooks/05-after-inception.ipynb.</remarks>
public sealed record CompoundScaling(double Depth, double Width, double Resolution)
{
    /// <summary>EfficientNet's depth base α.</summary>
    public const double Alpha = 1.2;

    /// <summary>EfficientNet's width base β.</summary>
    public const double Beta = 1.1;

    /// <summary>EfficientNet's resolution base γ.</summary>
    public const double Gamma = 1.15;

    /// <summary>The scaling for compound coefficient <paramref name="phi"/>: (α^φ, β^φ, γ^φ).</summary>
    public static CompoundScaling ForPhi(double phi) => new(Math.Pow(Alpha, phi), Math.Pow(Beta, phi), Math.Pow(Gamma, phi));

    /// <summary>The cost multiplier the rule predicts: d·w²·r².</summary>
    public double PredictedMacRatio => Depth * Width * Width * Resolution * Resolution;

    /// <summary>
    /// Scales a NiN table. Width: every channel count × w, rounded, except the last layer's one map per class. Depth:
    /// each mlpconv block gets round(n·d) convolutions instead of n (at least n): the extra ones are 1×1 layers as wide
    /// as the block's last hidden layer, inserted before its last layer. Resolution: the image size × r, rounded.
    /// </summary>
    public NinConfig Apply(NinConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var stages = config.Stages.Select((stage, s) =>
        {
            var last = s == config.Stages.Count - 1;
            var widths = stage.Channels.Select((c, i) => last && i == stage.Channels.Count - 1 ? c : Round(c * Width)).ToList();
            var layers = Math.Max(widths.Count, Round(widths.Count * Depth));
            var hidden = widths.Count > 1 ? widths[^2] : widths[0];
            widths.InsertRange(widths.Count - 1, Enumerable.Repeat(hidden, layers - widths.Count));
            return stage with { Channels = widths };
        }).ToList();
        return config with
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"{config.Name}-d{Depth:0.##}-w{Width:0.##}-r{Resolution:0.##}"),
            ImageSize = Round(config.ImageSize * Resolution),
            Stages = stages,
        };
    }

    /// <summary>The multiply-accumulates of one forward pass of <paramref name="config"/>'s NiN on one image of its size.</summary>
    public static long Macs(NinConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var network = new NiN(config);
        return ModelSummary.Create(network, [1, config.InputChannels, config.ImageSize, config.ImageSize]).TotalMacs;
    }

    private static int Round(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);
}
