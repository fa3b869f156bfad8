using NinNotebooks.Analysis;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// A simplified AlexNet (a Keras model on 224×224×3 inputs, from a short example in a blog post summarising Zeiler and Fergus 2014),
/// with one of three heads on the same body (<see cref="AlexNetHead"/>): the classic flatten + dense head
/// (34,066,792 parameters), the example's "GAP" head, a 3×3 convolution to 1,000 maps + global average pooling +
/// one dense layer (7,053,200), and NiN's head, a 1×1 convolution to one map per class + global average pooling.
/// </summary>
/// <remarks>
/// Layers as in the example (Keras "valid" padding unless noted): 11×11/4 conv 96 → 5×5 conv 256 ("same") →
/// 3/2 max-pool → 3×3 conv 384 → 3/2 max-pool → 3×3 conv 384 → 3×3 conv 256 → 3/2 max-pool, each conv with
/// ReLU: 224 → 54 → 54 → 26 → 24 → 11 → 9 → 7 → 3. It is not Krizhevsky et al.'s (2012) network: no LRN, no
/// two-GPU channel groups, pooling after conv2, conv3 and conv5 (not conv1, conv2 and conv5) and unpadded 3×3
/// convolutions, so the last grid is 3×3 instead of 6×6; that network's count is <see cref="KrizhevskyParameterCount"/>. The output is logits (the softmax is left to the loss).
/// <para>Taught in notebooks/03-global-average-pooling.ipynb.</para>
/// </remarks>
public sealed class AlexNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    /// <summary>Builds the network.</summary>
    /// <param name="head">The head (default: flatten + three dense layers).</param>
    /// <param name="numClasses">Number of classes (default 1000).</param>
    public AlexNet(AlexNetHead head = AlexNetHead.FlattenLinear, int numClasses = 1000) : base(nameof(AlexNet))
    {
        Check.Positive(numClasses, nameof(numClasses));
        Head = head;
        features = nn.Sequential(
            ("conv1", new ConvBlock(3, 96, 11, stride: 4)),
            ("conv2", new ConvBlock(96, 256, 5, padding: 2)),
            ("pool1", nn.MaxPool2d(3, stride: 2)),
            ("conv3", new ConvBlock(256, 384, 3)),
            ("pool2", nn.MaxPool2d(3, stride: 2)),
            ("conv4", new ConvBlock(384, 384, 3)),
            ("conv5", new ConvBlock(384, 256, 3)),
            ("pool3", nn.MaxPool2d(3, stride: 2)));
        classifier = head switch
        {
            AlexNetHead.FlattenLinear => nn.Sequential(
                ("flatten", nn.Flatten()),
                ("fc1", nn.Linear(256 * 3 * 3, 4096)),
                ("relu1", nn.ReLU()),
                ("dropout1", nn.Dropout(0.5)),
                ("fc2", nn.Linear(4096, 4096)),
                ("relu2", nn.ReLU()),
                ("dropout2", nn.Dropout(0.5)),
                ("fc3", nn.Linear(4096, numClasses))),
            AlexNetHead.Conv3x3GapDense => nn.Sequential(
                ("conv6", nn.Conv2d(256, 1000, 3)),
                ("gap", new GlobalAvgPoolHead()),
                ("fc", nn.Linear(1000, numClasses))),
            AlexNetHead.Conv1x1Gap => nn.Sequential(
                ("conv6", nn.Conv2d(256, numClasses, 1)),
                ("gap", new GlobalAvgPoolHead())),
            _ => throw new ArgumentOutOfRangeException(nameof(head), head, "Not an AlexNetHead."),
        };
        RegisterComponents();
    }

    /// <summary>
    /// The parameter count of Krizhevsky, Sutskever and Hinton's (2012) AlexNet for 1,000 classes, from its layer
    /// shapes: 96 11×11 filters on 3 channels, then 256 5×5, 384 3×3, 384 3×3 and 256 3×3 filters (the second, fourth
    /// and fifth split into two groups, one per GPU), 6×6×256 → 4,096 → 4,096 → 1,000 dense layers, all with biases:
    /// 60,965,224, the "60 million parameters" of the paper.
    /// </summary>
    public static long KrizhevskyParameterCount => KrizhevskyLayers.Sum();

    /// <summary>
    /// The depth of Krizhevsky et al.'s AlexNet in layers with weights: its five convolutions and three dense layers, 8
    /// (the count GoogLeNet's paper compares its own 22 with).
    /// </summary>
    public static int KrizhevskyDepth => KrizhevskyLayers.Count;

    /// <summary>The parameters of each layer with weights of Krizhevsky et al.'s AlexNet, in order.</summary>
    private static IReadOnlyList<long> KrizhevskyLayers { get; } =
    [
        ParameterCount.Conv2d(3, 96, 11), ParameterCount.Conv2d(96, 256, 5, groups: 2), ParameterCount.Conv2d(256, 384, 3),
        ParameterCount.Conv2d(384, 384, 3, groups: 2), ParameterCount.Conv2d(384, 256, 3, groups: 2),
        ParameterCount.Linear(6 * 6 * 256, 4096), ParameterCount.Linear(4096, 4096), ParameterCount.Linear(4096, 1000),
    ];

    /// <summary>Which head this network has.</summary>
    public AlexNetHead Head { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        Check.ImageBatch(input, 3, nameof(AlexNet), "N x 3 x 224 x 224");
        // N x 3 x 224 x 224 -> features -> N x 256 x 3 x 3
        using var x = features.call(input);
        // flatten + FC:      N x 2304 -> N x 4096 -> N x 4096 -> N x classes
        // 3x3 conv + GAP:   N x 1000 x 1 x 1 -> N x 1000 -> N x classes
        // 1x1 conv + GAP:   N x classes x 3 x 3 -> N x classes
        return classifier.call(x);
    }
}
