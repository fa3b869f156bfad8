namespace NinNotebooks.Modules;

/// <summary>One row of a NiN configuration table: an mlpconv block, then optional pooling and dropout.</summary>
/// <param name="KernelSize">Size of the block's first convolution.</param>
/// <param name="Padding">Zero padding of the first convolution (stride is always 1 in NiN).</param>
/// <param name="Channels">Output channels of each convolution: the k×k one, then the 1×1 ("cccp") ones.</param>
/// <param name="Pool">Pooling after the block.</param>
/// <param name="Dropout">Dropout probability after the pooling (0 for none; the paper uses 0.5).</param>
/// <param name="ConvInitStd">Standard deviation of the k×k weights under <see cref="WeightInit.Paper"/>.</param>
/// <param name="PointwiseInitStd">Standard deviation of the 1×1 weights under <see cref="WeightInit.Paper"/>.</param>
public sealed record NinStage(
    int KernelSize,
    int Padding,
    IReadOnlyList<int> Channels,
    NinPool Pool = NinPool.None,
    double Dropout = 0,
    double ConvInitStd = 0.05,
    double PointwiseInitStd = 0.05)
{
    /// <summary>Output channels of the stage (those of its last 1×1 convolution).</summary>
    public int OutChannels => Channels[^1];

    /// <summary>The row as the paper would describe it, e.g. "5×5 conv (pad 2) → 192 → 160 → 96, max pool 3/2, dropout 0.5".</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{KernelSize}×{KernelSize} conv (pad {Padding}) → {string.Join(" → ", Channels)}") +
        (Pool == NinPool.None ? "" : $", {Pool.ToString().ToLowerInvariant()} pool 3/2") +
        (Dropout > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", dropout {Dropout}") : "");
}
