using TorchSharp.Modules;

namespace NinNotebooks.Modules;

/// <summary>
/// A depthwise-separable convolution, older than MobileNet (Sifre's 2014 thesis with Mallat; Chollet's Xception, 2017)
/// and made MobileNet's building block (Howard et al. 2017): a k×k <em>depthwise</em> convolution that filters each
/// channel on its own (groups = channels), then a 1×1 <em>pointwise</em> convolution that mixes the channels.
/// The 1×1 layer does NiN's job: the cross-channel combination a full convolution would have done, at a
/// fraction of the cost. Each convolution is followed by BatchNorm and ReLU.
/// </summary>
/// <remarks>
/// Shapes: N×in×H×W → N×out×H'×W' with H' = (H − 1) / stride + 1 (padding k / 2).
/// Cost per output pixel: in·k² + in·out multiply-accumulates instead of in·k²·out for a full k×k convolution.
/// Children: <c>depthwise</c> and <c>pointwise</c>, each a <see cref="ConvBlock"/>.
/// <para>Taught in notebooks/05-after-inception.ipynb.</para>
/// </remarks>
public sealed class DepthwiseSeparableConv : Sequential
{
    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Depthwise kernel size (default 3).</param>
    /// <param name="stride">Depthwise stride (default 1).</param>
    public DepthwiseSeparableConv(int inChannels, int outChannels, int kernelSize = 3, int stride = 1)
        : base(
            ("depthwise", new ConvBlock(inChannels, inChannels, kernelSize, stride, kernelSize / 2, groups: inChannels, batchNorm: true)),
            ("pointwise", new ConvBlock(inChannels, outChannels, 1, batchNorm: true)))
    {
    }
}
