using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// Multiply-accumulate (MAC) counts. The convention, used everywhere in this package: one MAC is one
/// weight × input product added to a sum, in convolution and linear layers only. Bias additions,
/// activations, pooling, normalisation, dropout, concatenation and residual additions are not counted
/// (they are cheap next to the products). One MAC is about two floating-point operations.
/// </summary>
/// <remarks>Taught in notebooks/02-one-by-one-convolution.ipynb.</remarks>
public static class MacCount
{
    /// <summary>
    /// MACs of one call of <paramref name="module"/> that produced an output of <paramref name="outputShape"/>
    /// (batch included): every output value of a convolution costs (in / groups)·k·k products, every output
    /// value of a linear layer costs in_features. 0 for every other module (and for transposed convolutions,
    /// which this package does not use).
    /// </summary>
    public static long Of(nn.Module module, IReadOnlyList<long> outputShape)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(outputShape);
        var outputs = outputShape.Aggregate(1L, (a, b) => a * b);
        return module switch
        {
            Convolution { transposed: false } conv when conv.weight is not null => outputs * (conv.weight.numel() / conv.out_channels),
            Linear linear => outputs * linear.in_features,
            _ => 0,
        };
    }

    /// <summary>
    /// MACs of a k×k convolution producing an outHeight×outWidth map per image:
    /// outHeight·outWidth·out·(in / groups)·k·k. Example: NiN's first layer on 32×32 → 32·32·192·3·25 = 14,745,600.
    /// </summary>
    public static long Conv2d(long inChannels, long outChannels, long kernelSize, long outHeight, long outWidth, long groups = 1) =>
        outHeight * outWidth * outChannels * (inChannels / groups) * kernelSize * kernelSize;

    /// <summary>MACs of a fully connected layer for one input vector: in·out.</summary>
    public static long Linear(long inFeatures, long outFeatures) => inFeatures * outFeatures;
}
