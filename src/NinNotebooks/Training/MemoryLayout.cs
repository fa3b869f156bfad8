namespace NinNotebooks.Training;

/// <summary>
/// How image tensors are laid out in memory. Their shape stays N x C x H x W either way; only the order of the
/// numbers in memory (the strides) changes. See <see cref="ComputePath"/>.
/// </summary>
public enum MemoryLayout
{
    /// <summary>
    /// With <see cref="Precision.Auto"/>, what <see cref="ComputePath.Choose"/> finds fastest for the CPU:
    /// <see cref="ChannelsLast"/> on x86 CPUs with AVX2 (bfloat16 or float32), <see cref="ChannelsFirst"/> elsewhere.
    /// With an explicit precision, <see cref="ChannelsLast"/> when it is lowered (bfloat16 or float16) and
    /// <see cref="ChannelsFirst"/> with float32, so that float32 alone is the plain path.
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
