using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// Global average pooling: N×C×H×W → N×C, the mean of each feature map. It has no parameters, so it cannot
/// overfit, and it works for any H×W. Keras calls it <c>GlobalAveragePooling2D</c>; PyTorch code writes
/// <c>AdaptiveAvgPool2d(1)</c> then <c>Flatten()</c>, which is what this module holds.
/// </summary>
public sealed class GlobalAvgPoolHead : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> pool;
    private readonly nn.Module<Tensor, Tensor> flatten;

    /// <summary>Creates the head.</summary>
    public GlobalAvgPoolHead() : base(nameof(GlobalAvgPoolHead))
    {
        pool = nn.AdaptiveAvgPool2d(1);
        flatten = nn.Flatten();
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // N x C x H x W -> N x C x 1 x 1 -> N x C
        using var pooled = pool.call(input);
        return flatten.call(pooled);
    }
}
