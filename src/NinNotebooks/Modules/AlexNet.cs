using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// The AlexNet-style network of seed article 003 (a Keras model on 224×224×3 inputs), in its two forms:
/// with the classic flatten + fully connected head (34,066,792 parameters) and with a 3×3 convolution to
/// 1,000 maps, global average pooling and one dense layer (7,053,200 parameters). The features are the same;
/// the head alone makes the difference, which is NiN's argument against fully connected layers.
/// </summary>
/// <remarks>
/// Layers as in the seed (Keras "valid" padding unless noted): 11×11/4 conv 96 → 5×5 conv 256 ("same") →
/// 3/2 max-pool → 3×3 conv 384 → 3/2 max-pool → 3×3 conv 384 → 3×3 conv 256 → 3/2 max-pool, each conv with
/// ReLU: 224 → 54 → 54 → 26 → 24 → 11 → 9 → 7 → 3. This is the article's simplified AlexNet, not Krizhevsky's
/// exact network (no LRN, no two-GPU split). The output is logits (the seed's last softmax is left to the loss).
/// <para>Taught in notebooks/03-global-average-pooling.ipynb.</para>
/// </remarks>
public sealed class AlexNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    /// <summary>Builds the network.</summary>
    /// <param name="head">The head: flatten + 3 dense layers (default), or 3×3 conv + GAP + dense.</param>
    /// <param name="numClasses">Number of classes (default 1000).</param>
    public AlexNet(HeadKind head = HeadKind.FlattenLinear, int numClasses = 1000) : base(nameof(AlexNet))
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
        classifier = head == HeadKind.FlattenLinear
            ? nn.Sequential(
                ("flatten", nn.Flatten()),
                ("fc1", nn.Linear(256 * 3 * 3, 4096)),
                ("relu1", nn.ReLU()),
                ("dropout1", nn.Dropout(0.5)),
                ("fc2", nn.Linear(4096, 4096)),
                ("relu2", nn.ReLU()),
                ("dropout2", nn.Dropout(0.5)),
                ("fc3", nn.Linear(4096, numClasses)))
            : nn.Sequential(
                ("conv6", nn.Conv2d(256, 1000, 3)),
                ("gap", new GlobalAvgPoolHead()),
                ("fc", nn.Linear(1000, numClasses)));
        RegisterComponents();
    }

    /// <summary>Which head this network has.</summary>
    public HeadKind Head { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        Check.ImageBatch(input, 3, nameof(AlexNet), "N x 3 x 224 x 224");
        // N x 3 x 224 x 224 -> features -> N x 256 x 3 x 3
        using var x = features.call(input);
        // flatten + FC: N x 2304 -> N x 4096 -> N x 4096 -> N x classes
        // conv + GAP:   N x 1000 x 1 x 1 -> N x 1000 -> N x classes
        return classifier.call(x);
    }
}
