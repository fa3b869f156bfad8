using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// A convolution, an optional BatchNorm2d and an activation: the unit most later networks are built from.
/// Children are named <c>conv</c>, <c>bn</c> and <c>relu</c> / <c>relu6</c>.
/// </summary>
/// <remarks>
/// Shapes: N×in×H×W → N×out×H'×W', H' = (H + 2·padding − kernelSize) / stride + 1. With BatchNorm the
/// convolution has no bias (the norm's shift replaces it), as in MobileNet and torchvision.
/// </remarks>
public sealed class ConvBlock : Sequential
{
    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Kernel size k (k×k).</param>
    /// <param name="stride">Stride (default 1).</param>
    /// <param name="padding">Zero padding (default 0).</param>
    /// <param name="groups">Channel groups; <paramref name="inChannels"/> makes it depthwise (default 1).</param>
    /// <param name="batchNorm">Add BatchNorm2d after the convolution (default false).</param>
    /// <param name="activation">The activation at the end (default ReLU).</param>
    public ConvBlock(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int groups = 1,
        bool batchNorm = false, Activation activation = Activation.ReLU)
        : base(Layers(inChannels, outChannels, kernelSize, stride, padding, groups, batchNorm, activation))
    {
        Convolution = children().OfType<Conv2d>().Single();
    }

    /// <summary>The convolution.</summary>
    public Conv2d Convolution { get; }

    private static (string, nn.Module<Tensor, Tensor>)[] Layers(
        int inChannels, int outChannels, int kernelSize, int stride, int padding, int groups, bool batchNorm, Activation activation)
    {
        Check.Positive(inChannels, nameof(inChannels));
        Check.Positive(outChannels, nameof(outChannels));
        Check.Positive(kernelSize, nameof(kernelSize));
        Check.Positive(stride, nameof(stride));
        Check.NotNegative(padding, nameof(padding));
        Check.Positive(groups, nameof(groups));
        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException(
                $"groups ({groups}) must divide both inChannels ({inChannels}) and outChannels ({outChannels}).", nameof(groups));
        }

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("conv", nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, groups: groups, bias: !batchNorm)),
        };
        if (batchNorm)
        {
            layers.Add(("bn", nn.BatchNorm2d(outChannels)));
        }

        switch (activation)
        {
            case Activation.ReLU:
                layers.Add(("relu", nn.ReLU()));
                break;
            case Activation.ReLU6:
                layers.Add(("relu6", nn.ReLU6()));
                break;
        }

        return [.. layers];
    }
}
