using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// GoogLeNet's auxiliary classifier, attached to inception (4a) and (4d) during training so that gradient
/// reaches the middle of the deep network. The paper: 5×5 average pooling with stride 3 (14×14 → 4×4),
/// a 1×1 convolution with 128 filters and ReLU, a fully connected layer with 1024 units and ReLU, 70% dropout,
/// and a linear layer to the classes. Its loss is added to the main loss with weight 0.3; at inference it
/// is discarded.
/// </summary>
/// <remarks>Shapes: N×in×14×14 → N×classes. Children: pool, conv, flatten, fc1, relu, dropout, fc2.</remarks>
public sealed class InceptionAux : Sequential
{
    /// <summary>Creates the classifier.</summary>
    /// <param name="inChannels">Channels of the inception output it is attached to (512 for 4a, 528 for 4d).</param>
    /// <param name="numClasses">Number of classes.</param>
    /// <param name="dropout">Dropout probability before the last layer (default 0.7, the paper's).</param>
    public InceptionAux(int inChannels, int numClasses, double dropout = 0.7)
        : base(Layers(inChannels, numClasses, dropout))
    {
    }

    private static (string, nn.Module<Tensor, Tensor>)[] Layers(int inChannels, int numClasses, double dropout)
    {
        Check.Positive(inChannels, nameof(inChannels));
        Check.Positive(numClasses, nameof(numClasses));
        Check.Probability(dropout, nameof(dropout));
        return
        [
            ("pool", nn.AvgPool2d(5, stride: 3)),
            ("conv", new ConvBlock(inChannels, 128, 1)),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(128 * 4 * 4, 1024)),
            ("relu", nn.ReLU()),
            ("dropout", nn.Dropout(dropout)),
            ("fc2", nn.Linear(1024, numClasses)),
        ];
    }
}
