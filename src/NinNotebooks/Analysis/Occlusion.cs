using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// Occlusion sensitivity, the experiment of Zeiler and Fergus (ZFNet, "Visualizing and Understanding Convolutional
/// Networks"): slide a grey square over the image and record, for every position, the probability the model still
/// gives the true class. Where it drops, the model was looking.
/// </summary>
/// <remarks>Taught in notebooks/07-what-nin-learns.ipynb.</remarks>
public static class Occlusion
{
    /// <summary>The probability of <paramref name="label"/> with the square at each position.</summary>
    /// <param name="model">Any classifier returning N x classes logits; run in eval mode without gradients.</param>
    /// <param name="image">C x H x W, normalised as for training, on the model's device.</param>
    /// <param name="label">The class whose probability is recorded.</param>
    /// <param name="patch">The square's side in pixels (default 8, a quarter of a CIFAR image).</param>
    /// <param name="stride">Pixels between positions (default 2).</param>
    /// <param name="fill">The value the square is filled with: 0 is the mean colour of normalised data.</param>
    /// <param name="batchSize">Occluded copies evaluated at once.</param>
    /// <param name="path">How to run the forward passes (e.g. a trainer's <see cref="Training.Trainer.Compute"/>: bfloat16 on a CPU that has it); default float32.</param>
    /// <returns>A float32 CPU tensor of ((H - patch) / stride + 1) x ((W - patch) / stride + 1) probabilities.</returns>
    public static Tensor Sensitivity(nn.Module<Tensor, Tensor> model, Tensor image, long label, int patch = 8, int stride = 2, double fill = 0, int batchSize = 64, Training.ComputePath? path = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        if (image.dim() != 3)
        {
            throw new ArgumentException($"image must be C x H x W; it was {string.Join(" x ", image.shape)}.", nameof(image));
        }

        var (height, width) = (image.shape[1], image.shape[2]);
        Check.Positive(patch, nameof(patch));
        Check.Positive(stride, nameof(stride));
        Check.Positive(batchSize, nameof(batchSize));
        if (patch > height || patch > width)
        {
            throw new ArgumentException($"patch ({patch}) must fit in the {height} x {width} image.", nameof(patch));
        }

        var rows = ((height - patch) / stride) + 1;
        var columns = ((width - patch) / stride) + 1;
        var positions = rows * columns;
        var result = new float[positions];
        Inference.Run(model, () =>
        {
            for (long start = 0; start < positions; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, positions - start);
                var batch = image.unsqueeze(0).repeat(count, 1, 1, 1);
                for (long i = 0; i < count; i++)
                {
                    var (top, left) = ((start + i) / columns * stride, (start + i) % columns * stride);
                    batch[i, TensorIndex.Colon, TensorIndex.Slice(top, top + patch), TensorIndex.Slice(left, left + patch)] = fill;
                }

                var probabilities = nn.functional.softmax(path is null ? model.call(batch) : path.Forward(model, batch), 1)[TensorIndex.Colon, label].cpu().data<float>().ToArray();
                probabilities.CopyTo(result, start);
            }

            return 0;
        });
        return tensor(result).reshape(rows, columns);
    }
}
