using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// NiN's class confidence maps: the last mlpconv layer has one channel per class, and global average pooling turns
/// each channel into that class's score. The maps before the pooling show where in the image each class found its
/// evidence; for a GAP network they are its class activation maps, with no extra computation.
/// </summary>
/// <remarks>Taught in notebooks/03-global-average-pooling.ipynb and notebooks/06-what-nin-learns.ipynb.</remarks>
public static class ClassMaps
{
    /// <summary>The confidence maps of <paramref name="images"/> (run in eval mode, without gradients).</summary>
    /// <param name="model">A NiN; its last stage must have one channel per class (both heads do).</param>
    /// <param name="images">N x C x H x W, normalised as for training, on the model's device.</param>
    /// <returns>N x classes x h x w (8 x 8 for CIFAR-10), on the model's device.</returns>
    public static Tensor Of(NiN model, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        return Inference.Run(model, () => model.ForwardFeatures(images));
    }

    /// <summary>Maps enlarged to <paramref name="size"/> x <paramref name="size"/> (bilinear), to lay over the input image.</summary>
    /// <param name="maps">N x K x h x w.</param>
    /// <param name="size">The image's side, e.g. 32.</param>
    public static Tensor Upsample(Tensor maps, int size)
    {
        ArgumentNullException.ThrowIfNull(maps);
        Check.Positive(size, nameof(size));
        return nn.functional.interpolate(maps, [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
    }
}
