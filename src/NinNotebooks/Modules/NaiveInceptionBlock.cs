using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// The "naive" Inception module (GoogLeNet paper, figure 2a): 1×1, 3×3 and 5×5 convolutions and a 3×3
/// max-pool, all applied straight to the input and concatenated. Without 1×1 reductions the 3×3 and 5×5
/// convolutions see every input channel, and the pooling branch passes all of them through, so channels
/// and cost grow from block to block. Compare it with <see cref="InceptionBlock"/>.
/// </summary>
/// <remarks>Shapes: N×in×H×W → N×(ch1x1 + ch3x3 + ch5x5 + in)×H×W. <para>Taught in notebooks/04-inception-bottlenecks.ipynb.</para></remarks>
public sealed class NaiveInceptionBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> branch1x1;
    private readonly nn.Module<Tensor, Tensor> branch3x3;
    private readonly nn.Module<Tensor, Tensor> branch5x5;
    private readonly nn.Module<Tensor, Tensor> branchPool;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels (also the pooling branch's output channels).</param>
    /// <param name="ch1x1">Output channels of the 1×1 convolution.</param>
    /// <param name="ch3x3">Output channels of the 3×3 convolution.</param>
    /// <param name="ch5x5">Output channels of the 5×5 convolution.</param>
    public NaiveInceptionBlock(int inChannels, int ch1x1, int ch3x3, int ch5x5) : base(nameof(NaiveInceptionBlock))
    {
        Check.Positive(inChannels, nameof(inChannels));
        Check.Positive(ch1x1, nameof(ch1x1));
        Check.Positive(ch3x3, nameof(ch3x3));
        Check.Positive(ch5x5, nameof(ch5x5));
        branch1x1 = new ConvBlock(inChannels, ch1x1, 1);
        branch3x3 = new ConvBlock(inChannels, ch3x3, 3, padding: 1);
        branch5x5 = new ConvBlock(inChannels, ch5x5, 5, padding: 2);
        branchPool = nn.MaxPool2d(3, stride: 1, padding: 1);
        OutChannels = ch1x1 + ch3x3 + ch5x5 + inChannels;
        RegisterComponents();
    }

    /// <summary>Output channels: ch1x1 + ch3x3 + ch5x5 + inChannels.</summary>
    public int OutChannels { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        // N x in x H x W -> four branches that each keep H x W -> N x (ch1x1 + ch3x3 + ch5x5 + in) x H x W
        Branches.Concatenate(input, branch1x1, branch3x3, branch5x5, branchPool);
}
