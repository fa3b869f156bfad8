using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// NiN's class confidence maps: the last mlpconv layer has one channel per class, and global average pooling turns
/// each channel into that class's score. The maps before the pooling show where in the image each class found its
/// evidence, with no extra computation. Class activation mapping (CAM, Zhou et al. 2016) grew from these maps: it
/// weights a GAP network's last convolutional maps by the weights of the one linear layer that follows the pooling.
/// </summary>
/// <remarks>Taught in notebooks/03-global-average-pooling.ipynb and notebooks/07-what-nin-learns.ipynb.</remarks>
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

    /// <summary>
    /// The map of each image's true class for a whole split, computed in batches: N×h×w on the CPU. The pointing game
    /// (<see cref="PointingGame.ForClassMaps"/>) scores these against the objects' boxes.
    /// </summary>
    /// <param name="model">A NiN.</param>
    /// <param name="prepare">Turns uint8 images into the model's input on its device (e.g. <c>Trainer.Prepare</c>).</param>
    /// <param name="data">The split; its labels pick the maps.</param>
    /// <param name="batchSize">Images per forward pass (default 100).</param>
    public static Tensor OfTrueClass(NiN model, Func<Tensor, Tensor> prepare, Data.ImageDataset data, int batchSize = 100)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(data);
        Check.Positive(batchSize, nameof(batchSize));
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(batchSize, data.Count - start);
                var maps = Of(model, prepare(data.Images.narrow(0, start, length)));              // n x classes x h x w
                var labels = data.Labels.narrow(0, start, length).to(maps.device);
                parts.Add(maps[arange(length, device: maps.device), labels].cpu().MoveToOuterDisposeScope());   // n x h x w
            }

            return cat(parts, 0);
        }
        finally
        {
            parts.ForEach(p => p.Dispose());
        }
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
