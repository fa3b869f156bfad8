namespace NinNotebooks.Modules;

/// <summary>The pooling that follows an mlpconv stage in a <see cref="NinConfig"/>: a 3×3 window with stride 2.</summary>
/// <remarks>
/// The authors' cuda-convnet pooling rounds the output size up, so 32×32 becomes 16×16 and then 8×8;
/// TorchSharp reproduces that with <c>ceil_mode: true</c>.
/// </remarks>
public enum NinPool
{
    /// <summary>No pooling (the last stage, which global average pooling follows).</summary>
    None,

    /// <summary>3×3 max pooling, stride 2: what the authors used after the first two stages.</summary>
    Max,

    /// <summary>3×3 average pooling, stride 2: the Caffe Model Zoo NiN uses it after the second stage.</summary>
    Average,
}
