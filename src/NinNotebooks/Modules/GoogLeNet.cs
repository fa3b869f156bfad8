using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// GoogLeNet, the Inception v1 network (Szegedy et al., "Going deeper with convolutions", 2015), built from
/// the paper's Table 1: a convolutional stem, nine <see cref="InceptionBlock"/>s (the rows of <see cref="Table"/>),
/// global average pooling, 40% dropout and one linear layer; plus two <see cref="InceptionAux"/> classifiers on
/// inception (4a) and (4d) that run only in training mode. It takes NiN's two ideas further: 1×1 convolutions
/// as bottlenecks inside every block, and global average pooling instead of fully connected layers at the end.
/// </summary>
/// <remarks>
/// Input N×3×224×224 → N×classes. As in the paper there is no BatchNorm (it came later, with Inception v2)
/// and the stem has local response normalisation. <c>forward</c> returns the main logits only; use
/// <see cref="ForwardWithAuxiliary"/> for training with the auxiliary losses.
/// <para>Taught in notebooks/04-inception-bottlenecks.ipynb.</para>
/// </remarks>
public sealed class GoogLeNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential stem;
    private readonly InceptionBlock inception3a;
    private readonly InceptionBlock inception3b;
    private readonly nn.Module<Tensor, Tensor> pool3;
    private readonly InceptionBlock inception4a;
    private readonly InceptionAux? aux1;
    private readonly InceptionBlock inception4b;
    private readonly InceptionBlock inception4c;
    private readonly InceptionBlock inception4d;
    private readonly InceptionAux? aux2;
    private readonly InceptionBlock inception4e;
    private readonly nn.Module<Tensor, Tensor> pool4;
    private readonly InceptionBlock inception5a;
    private readonly InceptionBlock inception5b;
    private readonly GlobalAvgPoolHead head;
    private readonly nn.Module<Tensor, Tensor> dropout;
    private readonly nn.Module<Tensor, Tensor> fc;

    /// <summary>Builds the network.</summary>
    /// <param name="numClasses">Number of classes (default 1000, ImageNet).</param>
    /// <param name="auxClassifiers">Include the two auxiliary classifiers (default true).</param>
    /// <param name="inChannels">Input image channels (default 3).</param>
    public GoogLeNet(int numClasses = 1000, bool auxClassifiers = true, int inChannels = 3) : base(nameof(GoogLeNet))
    {
        Check.Positive(numClasses, nameof(numClasses));
        Check.Positive(inChannels, nameof(inChannels));
        InChannels = inChannels;
        stem = nn.Sequential(
            ("conv1", new ConvBlock(inChannels, 64, 7, stride: 2, padding: 3)),
            ("pool1", nn.MaxPool2d(3, stride: 2, ceil_mode: true)),
            ("lrn1", nn.LocalResponseNorm(5, alpha: 1e-4, beta: 0.75, k: 1)),
            ("conv2_reduce", new ConvBlock(64, 64, 1)),
            ("conv2", new ConvBlock(64, 192, 3, padding: 1)),
            ("lrn2", nn.LocalResponseNorm(5, alpha: 1e-4, beta: 0.75, k: 1)),
            ("pool2", nn.MaxPool2d(3, stride: 2, ceil_mode: true)));
        inception3a = Block("3a");
        inception3b = Block("3b");
        pool3 = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
        inception4a = Block("4a");
        aux1 = auxClassifiers ? new InceptionAux(inception4a.OutChannels, numClasses) : null;
        inception4b = Block("4b");
        inception4c = Block("4c");
        inception4d = Block("4d");
        aux2 = auxClassifiers ? new InceptionAux(inception4d.OutChannels, numClasses) : null;
        inception4e = Block("4e");
        pool4 = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
        inception5a = Block("5a");
        inception5b = Block("5b");
        head = new GlobalAvgPoolHead();
        dropout = nn.Dropout(0.4);
        fc = nn.Linear(inception5b.OutChannels, numClasses);
        RegisterComponents();
    }

    /// <summary>The paper's Table 1 rows for the nine inception blocks, in order.</summary>
    public static IReadOnlyList<InceptionSpec> Table { get; } =
    [
        new("3a", 192, 64, 96, 128, 16, 32, 32),
        new("3b", 256, 128, 128, 192, 32, 96, 64),
        new("4a", 480, 192, 96, 208, 16, 48, 64),
        new("4b", 512, 160, 112, 224, 24, 64, 64),
        new("4c", 512, 128, 128, 256, 24, 64, 64),
        new("4d", 512, 112, 144, 288, 32, 64, 64),
        new("4e", 528, 256, 160, 320, 32, 128, 128),
        new("5a", 832, 256, 160, 320, 32, 128, 128),
        new("5b", 832, 384, 192, 384, 48, 128, 128),
    ];

    /// <summary>
    /// Depth in layers with weights along the longest path, counted as the paper counts it (22): the stem's
    /// convolutions (7×7, 1×1 and 3×3), two per Inception block (a 1×1 reduction, then a 3×3 or 5×5 convolution) and
    /// the final linear layer. Pooling, LRN and the auxiliary classifiers do not count.
    /// </summary>
    public static int Depth => StemConvolutions + (2 * Table.Count) + 1;

    /// <summary>Convolutions in the stem: conv1, conv2_reduce and conv2 (a test counts them in the built network).</summary>
    internal const int StemConvolutions = 3;

    /// <summary>Input image channels.</summary>
    public int InChannels { get; }

    /// <summary>Whether the auxiliary classifiers exist.</summary>
    public bool HasAuxClassifiers => aux1 is not null;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => Run(input, withAuxiliary: false).Logits;

    /// <summary>
    /// Runs the network and, in training mode, the auxiliary classifiers too. In eval mode (or without
    /// auxiliaries) <see cref="GoogLeNetOutput.Aux1"/> and <see cref="GoogLeNetOutput.Aux2"/> are null.
    /// </summary>
    public GoogLeNetOutput ForwardWithAuxiliary(Tensor input) => Run(input, withAuxiliary: training);

    private GoogLeNetOutput Run(Tensor input, bool withAuxiliary)
    {
        Check.ImageBatch(input, InChannels, nameof(GoogLeNet), $"N x {InChannels} x 224 x 224");
        using var scope = NewDisposeScope();
        // N x 3 x 224 x 224
        var x = stem.call(input);
        // N x 192 x 28 x 28
        x = inception3a.call(x);
        // N x 256 x 28 x 28
        x = inception3b.call(x);
        // N x 480 x 28 x 28
        x = pool3.call(x);
        // N x 480 x 14 x 14
        x = inception4a.call(x);
        // N x 512 x 14 x 14
        var first = withAuxiliary ? aux1?.call(x) : null;
        x = inception4b.call(x);
        // N x 512 x 14 x 14
        x = inception4c.call(x);
        // N x 512 x 14 x 14
        x = inception4d.call(x);
        // N x 528 x 14 x 14
        var second = withAuxiliary ? aux2?.call(x) : null;
        x = inception4e.call(x);
        // N x 832 x 14 x 14
        x = pool4.call(x);
        // N x 832 x 7 x 7
        x = inception5a.call(x);
        // N x 832 x 7 x 7
        x = inception5b.call(x);
        // N x 1024 x 7 x 7
        x = head.call(x);
        // N x 1024
        x = fc.call(dropout.call(x));
        // N x classes
        return new GoogLeNetOutput(x.MoveToOuterDisposeScope(), first?.MoveToOuterDisposeScope(), second?.MoveToOuterDisposeScope());
    }

    private static InceptionBlock Block(string name) => Table.Single(row => row.Name == name).Create();
}
