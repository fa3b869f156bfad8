using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// The Inception module with dimension reductions (GoogLeNet v1, Szegedy et al. 2015, figure 2b): four
/// parallel branches whose outputs are concatenated along the channels. 1×1 convolutions ("reduce") shrink
/// the channels before the expensive 3×3 and 5×5 convolutions: NiN's 1×1 idea used as a bottleneck.
/// </summary>
/// <remarks>
/// Shapes: N×in×H×W → N×(ch1x1 + ch3x3 + ch5x5 + poolProj)×H×W (every branch keeps H×W).
/// Branches: <c>branch1x1</c> (1×1); <c>branch3x3</c> (1×1 reduce, 3×3); <c>branch5x5</c> (1×1 reduce, 5×5);
/// <c>branchPool</c> (3×3 max-pool stride 1, 1×1 projection). Every convolution is followed by ReLU.
/// The 5×5 branch uses a real 5×5 kernel as in the paper; torchvision's GoogLeNet has a 3×3 there, a known
/// slip it keeps for its pretrained weights (pytorch/vision issue 906).
/// <para>Taught in notebooks/04-inception-bottlenecks.ipynb.</para>
/// </remarks>
public sealed class InceptionBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> branch1x1;
    private readonly nn.Module<Tensor, Tensor> branch3x3;
    private readonly nn.Module<Tensor, Tensor> branch5x5;
    private readonly nn.Module<Tensor, Tensor> branchPool;

    /// <summary>Creates the block; the argument names follow the paper's Table 1 columns.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="ch1x1">Output channels of the 1×1 branch ("#1×1").</param>
    /// <param name="ch3x3Reduce">Channels the 3×3 branch reduces to first ("#3×3 reduce").</param>
    /// <param name="ch3x3">Output channels of the 3×3 branch ("#3×3").</param>
    /// <param name="ch5x5Reduce">Channels the 5×5 branch reduces to first ("#5×5 reduce").</param>
    /// <param name="ch5x5">Output channels of the 5×5 branch ("#5×5").</param>
    /// <param name="poolProj">Output channels of the pooling branch's 1×1 projection ("pool proj").</param>
    public InceptionBlock(int inChannels, int ch1x1, int ch3x3Reduce, int ch3x3, int ch5x5Reduce, int ch5x5, int poolProj)
        : base(nameof(InceptionBlock))
    {
        Check.Positive(inChannels, nameof(inChannels));
        Check.Positive(ch1x1, nameof(ch1x1));
        Check.Positive(ch3x3Reduce, nameof(ch3x3Reduce));
        Check.Positive(ch3x3, nameof(ch3x3));
        Check.Positive(ch5x5Reduce, nameof(ch5x5Reduce));
        Check.Positive(ch5x5, nameof(ch5x5));
        Check.Positive(poolProj, nameof(poolProj));
        branch1x1 = new ConvBlock(inChannels, ch1x1, 1);
        branch3x3 = nn.Sequential(
            ("reduce", new ConvBlock(inChannels, ch3x3Reduce, 1)),
            ("conv", new ConvBlock(ch3x3Reduce, ch3x3, 3, padding: 1)));
        branch5x5 = nn.Sequential(
            ("reduce", new ConvBlock(inChannels, ch5x5Reduce, 1)),
            ("conv", new ConvBlock(ch5x5Reduce, ch5x5, 5, padding: 2)));
        branchPool = nn.Sequential(
            ("pool", nn.MaxPool2d(3, stride: 1, padding: 1)),
            ("proj", new ConvBlock(inChannels, poolProj, 1)));
        InChannels = inChannels;
        OutChannels = ch1x1 + ch3x3 + ch5x5 + poolProj;
        RegisterComponents();
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels: ch1x1 + ch3x3 + ch5x5 + poolProj (256 for inception 3a).</summary>
    public int OutChannels { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        // N x in x H x W -> four branches that each keep H x W -> N x (ch1x1 + ch3x3 + ch5x5 + poolProj) x H x W
        Branches.Concatenate(input, branch1x1, branch3x3, branch5x5, branchPool);
}
