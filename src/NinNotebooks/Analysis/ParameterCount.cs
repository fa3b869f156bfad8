using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// Parameter counts: of a built module, and by formula for the layers the notebooks do arithmetic with.
/// The formulas and the modules agree (the tests check it).
/// </summary>
/// <remarks>Taught in notebooks/01-mlpconv.ipynb and notebooks/02-one-by-one-convolution.ipynb.</remarks>
public static class ParameterCount
{
    /// <summary>The number of parameter values in <paramref name="module"/> and all its children.</summary>
    /// <param name="module">The module.</param>
    /// <param name="trainableOnly">Count only parameters that require gradients (default false).</param>
    public static long CountParameters(this nn.Module module, bool trainableOnly = false)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.parameters().Where(p => !trainableOnly || p.requires_grad).Sum(p => p.numel());
    }

    /// <summary>
    /// Parameters of a k×k convolution: (in / groups)·k·k·out weights, plus out biases.
    /// Example: 3→192 channels, 5×5, bias → 3·25·192 + 192 = 14,592 (NiN's first layer).
    /// </summary>
    public static long Conv2d(long inChannels, long outChannels, long kernelSize, bool bias = true, long groups = 1) =>
        (inChannels / groups * kernelSize * kernelSize * outChannels) + (bias ? outChannels : 0);

    /// <summary>Parameters of a fully connected layer: in·out weights, plus out biases.</summary>
    public static long Linear(long inFeatures, long outFeatures, bool bias = true) =>
        (inFeatures * outFeatures) + (bias ? outFeatures : 0);
}
