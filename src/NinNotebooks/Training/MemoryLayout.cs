namespace NinNotebooks.Training;

/// <summary>
/// How image tensors are laid out in memory. Their shape stays N x C x H x W either way; only the order of the
/// numbers in memory (the strides) changes. See <see cref="ComputePath"/>.
/// </summary>
public enum MemoryLayout
{
    /// <summary>
    /// <see cref="ChannelsLast"/> when the precision is lowered (bfloat16 or float16), <see cref="ChannelsFirst"/> with
    /// float32, so that float32 alone is the plain path. (On the build machine channels-last float32 training measured
    /// only a few per cent faster than channels-first, within the noise; ask for it explicitly to try it.)
    /// </summary>
    Auto,

    /// <summary>NCHW: each channel's whole image, one channel after another (PyTorch's and TorchSharp's default).</summary>
    ChannelsFirst,

    /// <summary>
    /// NHWC: all channels of a pixel side by side, the layout oneDNN's CPU convolutions (and tensor-core GPU
    /// convolutions) prefer. Only the input batch is converted; each convolution then returns channels-last output,
    /// so the layout flows through the network. The weights keep their usual layout, so checkpoints do not change.
    /// </summary>
    ChannelsLast,
}
