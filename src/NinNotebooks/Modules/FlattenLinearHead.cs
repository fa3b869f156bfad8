using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// Flatten + fully connected: N×C×H×W → N×(C·H·W) → N×classes. The classic head that NiN replaced with global
/// average pooling. It costs C·H·W·classes + classes parameters and only accepts maps of exactly H×W.
/// </summary>
/// <remarks>On NiN's CIFAR-10 body (10 maps of 8×8) it costs 640·10 + 10 = 6,410 parameters where GAP costs none.</remarks>
public sealed class FlattenLinearHead : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> flatten;
    private readonly nn.Module<Tensor, Tensor> fc;

    /// <summary>Creates a head for <paramref name="channels"/> maps of <paramref name="height"/>×<paramref name="width"/>.</summary>
    public FlattenLinearHead(int channels, int height, int width, int numClasses) : base(nameof(FlattenLinearHead))
    {
        Check.Positive(channels, nameof(channels));
        Check.Positive(height, nameof(height));
        Check.Positive(width, nameof(width));
        Check.Positive(numClasses, nameof(numClasses));
        InFeatures = channels * height * width;
        flatten = nn.Flatten();
        fc = nn.Linear(InFeatures, numClasses);
        RegisterComponents();
    }

    /// <summary>The length of the flattened vector, C·H·W.</summary>
    public int InFeatures { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // N x C x H x W -> N x (C*H*W) -> N x classes
        using var flat = flatten.call(input);
        if (flat.shape[1] != InFeatures)
        {
            throw new ArgumentException(
                $"FlattenLinearHead expects feature maps with C·H·W = {InFeatures} values, got shape [{string.Join(", ", input.shape)}]; " +
                "a flatten+FC head only fits the input size it was built for.", nameof(input));
        }

        return fc.call(flat);
    }
}
