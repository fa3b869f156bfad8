using static TorchSharp.torch;

namespace NinNotebooks.Data;

/// <summary>One mini-batch: float32 images N×C×H×W and int64 labels N, on the training device.</summary>
/// <param name="Images">The (augmented, normalised) images.</param>
/// <param name="Labels">The class indices.</param>
public sealed record Batch(Tensor Images, Tensor Labels)
{
    /// <summary>Number of images in the batch.</summary>
    public long Size => Labels.shape[0];
}
