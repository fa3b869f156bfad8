using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// MobileNetV2's inverted residual block with a linear bottleneck (Sandler et al. 2018): a 1×1 convolution
/// <em>expands</em> the channels t times, a 3×3 depthwise convolution filters them, and a 1×1 convolution
/// <em>projects</em> back down to a narrow output with no activation (a ReLU there would destroy information
/// in the low-dimensional space). When input and output match (stride 1, same channels) the input is added
/// back. Activations are ReLU6.
/// </summary>
/// <remarks>
/// Shapes: N×in×H×W → N×out×H'×W', H' = (H − 1) / stride + 1. Children: <c>expand</c> (absent when the
/// expansion ratio is 1), <c>depthwise</c>, <c>project</c>, each a <see cref="ConvBlock"/> with BatchNorm.
/// "Inverted": a classic bottleneck goes wide → narrow → wide; this one goes narrow → wide → narrow.
/// <para>Taught in notebooks/05-after-inception.ipynb.</para>
/// </remarks>
public sealed class InvertedResidual : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="stride">Depthwise stride, 1 or 2.</param>
    /// <param name="expandRatio">Expansion factor t of the hidden layer (MobileNetV2 uses 6; 1 skips the expansion).</param>
    public InvertedResidual(int inChannels, int outChannels, int stride = 1, int expandRatio = 6) : base(nameof(InvertedResidual))
    {
        Check.Positive(inChannels, nameof(inChannels));
        Check.Positive(outChannels, nameof(outChannels));
        Check.Positive(expandRatio, nameof(expandRatio));
        if (stride is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"stride must be 1 or 2, got {stride}.");
        }

        var hidden = inChannels * expandRatio;
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (expandRatio != 1)
        {
            blocks.Add(("expand", new ConvBlock(inChannels, hidden, 1, batchNorm: true, activation: Activation.ReLU6)));
        }

        blocks.Add(("depthwise", new ConvBlock(hidden, hidden, 3, stride, 1, groups: hidden, batchNorm: true, activation: Activation.ReLU6)));
        blocks.Add(("project", new ConvBlock(hidden, outChannels, 1, batchNorm: true, activation: Activation.None)));
        layers = nn.Sequential(blocks);
        InChannels = inChannels;
        OutChannels = outChannels;
        Stride = stride;
        ExpandRatio = expandRatio;
        HiddenChannels = hidden;
        UsesResidual = stride == 1 && inChannels == outChannels;
        RegisterComponents();
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Stride of the depthwise convolution (1 or 2).</summary>
    public int Stride { get; }

    /// <summary>Expansion factor t of the hidden layer.</summary>
    public int ExpandRatio { get; }

    /// <summary>Channels of the wide middle: InChannels · ExpandRatio.</summary>
    public int HiddenChannels { get; }

    /// <summary>Output height (or width) for an input of <paramref name="size"/>: (size − 1) / stride + 1.</summary>
    public int OutputSize(int size) => ((size - 1) / Stride) + 1;

    /// <summary>Whether the input is added to the output (stride 1 and equal channels).</summary>
    public bool UsesResidual { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // N x in x H x W -> expand -> N x in*t x H x W -> depthwise -> N x in*t x H' x W' -> project -> N x out x H' x W'
        if (!UsesResidual)
        {
            return layers.call(input);
        }

        using var residual = layers.call(input);
        return input + residual;
    }
}
