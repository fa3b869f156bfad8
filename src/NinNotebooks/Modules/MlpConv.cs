using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// The paper's mlpconv layer, its "micro network": one k×k convolution followed by n 1×1 convolutions,
/// each followed by ReLU. The 1×1 convolutions are a small MLP applied to every pixel's channel vector
/// (the paper's "cascaded cross channel parametric pooling"). In the authors' cuda-convnet code "cccp" is a plugin
/// layer of its own (cascadable cross-channel parametric pooling); the later Caffe port of NiN writes the same layers
/// as plain 1×1 convolutions named cccp, and so do the layer names here.
/// Equivalent to d2l's <c>nin_block</c>.
/// </summary>
/// <remarks>
/// Shapes: N×<see cref="InChannels"/>×H×W → N×<see cref="OutChannels"/>×H'×W', where
/// H' = (H + 2·padding − kernelSize) / stride + 1 (the 1×1 layers keep H'×W').
/// Children are named <c>conv</c>, <c>relu</c>, <c>cccp1</c>, <c>relu1</c>, <c>cccp2</c>, <c>relu2</c>, ...
/// With <c>batchNorm: true</c> each convolution is followed by a BatchNorm2d (<c>bn</c>, <c>bn1</c>, ...)
/// before its ReLU: a modern variant, not in the 2014 paper, that trains faster. It is off by default.
/// <para>Taught in notebooks/01-mlpconv.ipynb.</para>
/// </remarks>
public sealed class MlpConv : Sequential
{
    /// <summary>Creates an mlpconv block.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="channels">
    /// Output channels of each convolution in order: the first is the k×k convolution, the rest are the 1×1 layers.
    /// The paper's first CIFAR-10 block is <c>[192, 160, 96]</c>.
    /// </param>
    /// <param name="kernelSize">Size k of the first convolution (5 in the paper's first two blocks, 3 in the third).</param>
    /// <param name="stride">Stride of the first convolution (default 1).</param>
    /// <param name="padding">Zero padding of the first convolution (default 0; use k / 2 to keep H×W).</param>
    /// <param name="batchNorm">Add BatchNorm2d after each convolution (default false, as in the paper).</param>
    public MlpConv(int inChannels, IReadOnlyList<int> channels, int kernelSize, int stride = 1, int padding = 0, bool batchNorm = false)
        : base(Layers(inChannels, channels, kernelSize, stride, padding, batchNorm))
    {
        InChannels = inChannels;
        OutChannels = channels[^1];
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        UsesBatchNorm = batchNorm;
        Convolutions = children().OfType<Conv2d>().ToList();
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels (those of the last 1×1 convolution).</summary>
    public int OutChannels { get; }

    /// <summary>Size of the first (spatial) convolution.</summary>
    public int KernelSize { get; }

    /// <summary>Stride of the first convolution.</summary>
    public int Stride { get; }

    /// <summary>Padding of the first convolution.</summary>
    public int Padding { get; }

    /// <summary>Whether each convolution is followed by BatchNorm2d (the modern variant).</summary>
    public bool UsesBatchNorm { get; }

    /// <summary>The convolutions in order: the k×k one first, then the 1×1 ones.</summary>
    public IReadOnlyList<Conv2d> Convolutions { get; }

    /// <summary>The output height (or width) for an input of <paramref name="size"/>.</summary>
    public int OutputSize(int size) => ((size + (2 * Padding) - KernelSize) / Stride) + 1;

    private static (string, nn.Module<Tensor, Tensor>)[] Layers(
        int inChannels, IReadOnlyList<int> channels, int kernelSize, int stride, int padding, bool batchNorm)
    {
        Check.Positive(inChannels, nameof(inChannels));
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
        {
            throw new ArgumentException("channels must list at least one convolution (the k×k one), e.g. [192, 160, 96].", nameof(channels));
        }

        foreach (var c in channels)
        {
            Check.Positive(c, nameof(channels));
        }

        Check.Positive(kernelSize, nameof(kernelSize));
        Check.Positive(stride, nameof(stride));
        Check.NotNegative(padding, nameof(padding));

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var previous = inChannels;
        for (var i = 0; i < channels.Count; i++)
        {
            var suffix = i == 0 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            layers.Add(i == 0
                ? ("conv", nn.Conv2d(previous, channels[i], kernelSize, stride: stride, padding: padding))
                : ($"cccp{suffix}", nn.Conv2d(previous, channels[i], 1)));
            if (batchNorm)
            {
                layers.Add(($"bn{suffix}", nn.BatchNorm2d(channels[i])));
            }

            layers.Add(($"relu{suffix}", nn.ReLU()));
            previous = channels[i];
        }

        return [.. layers];
    }
}
