using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// The first half of Zeiler and Fergus's way of looking at a network (ZFNet, "Visualizing and Understanding
/// Convolutional Networks", 2014): for one channel of one layer, the image patches that excite it most across a data
/// set. Each image counts once (its strongest position), as in the paper, and each patch is the receptive field of
/// that position (<see cref="ReceptiveField"/>), so the grid shows exactly what the channel could see.
/// </summary>
/// <remarks>Taught in notebooks/07-what-nin-learns.ipynb.</remarks>
public static class TopPatches
{
    /// <summary>
    /// The <paramref name="count"/> highest activations of <paramref name="channel"/> in mlpconv block
    /// <paramref name="stage"/>, at most one per image, strongest first, with their patches (eval mode, no gradients).
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="images">N×C×H×W model inputs (preprocessed as for training, e.g. by <c>Trainer.Prepare</c>), on the model's device.</param>
    /// <param name="rawImages">The same N images as loaded (uint8 N×C×H×W, any device): the patches are cut from these.</param>
    /// <param name="stage">The mlpconv block, 0-based; its output after the last ReLU, as <see cref="NiN.ForwardStages"/> returns it.</param>
    /// <param name="channel">The channel of that block's output.</param>
    /// <param name="count">How many patches (default 9, the paper's 3×3 grid); at most N.</param>
    /// <param name="batchSize">Images per forward pass (default 256), to bound memory.</param>
    /// <param name="path">How to run the forward passes (e.g. a trainer's <see cref="Training.Trainer.Compute"/>: bfloat16 on a CPU that has it, several times faster; the ranking can then differ from float32's where activations are within bfloat16's rounding); default float32.</param>
    /// <returns>Up to <paramref name="count"/> patches, by decreasing activation (ties: lower image index first).</returns>
    public static IReadOnlyList<TopPatch> Find(NiN model, Tensor images, Tensor rawImages, int stage, int channel, int count = 9, int batchSize = 256, Training.ComputePath? path = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(rawImages);
        if (images.dim() != 4 || rawImages.dim() != 4 || images.shape[0] != rawImages.shape[0]
            || images.shape[2] != rawImages.shape[2] || images.shape[3] != rawImages.shape[3])
        {
            throw new ArgumentException(
                $"images ({Shape(images)}) and rawImages ({Shape(rawImages)}) must be the same N images, N x C x H x W.", nameof(rawImages));
        }

        return Find(model, (start, length) => images.narrow(0, start, length), rawImages, stage, channel, count, batchSize, path);
    }

    /// <summary>
    /// As <see cref="Find(NiN, Tensor, Tensor, int, int, int, int, Training.ComputePath)"/>, preparing each batch of raw images with
    /// <paramref name="prepare"/> (e.g. <c>trainer.Prepare</c>) so that the whole prepared set never sits in memory.
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="prepare">Turns raw images into the model's input on its device.</param>
    /// <param name="rawImages">The images as loaded, uint8 N×C×H×W.</param>
    /// <param name="stage">The mlpconv block, 0-based.</param>
    /// <param name="channel">The channel of that block's output.</param>
    /// <param name="count">How many patches (default 9).</param>
    /// <param name="batchSize">Images per forward pass (default 256).</param>
    /// <param name="path">How to run the forward passes (e.g. <c>trainer.Compute</c>); default float32.</param>
    public static IReadOnlyList<TopPatch> Find(NiN model, Func<Tensor, Tensor> prepare, Tensor rawImages, int stage, int channel, int count = 9, int batchSize = 256, Training.ComputePath? path = null)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(rawImages);
        return Find(model, (start, length) => prepare(rawImages.narrow(0, start, length)), rawImages, stage, channel, count, batchSize, path);
    }

    /// <summary>
    /// The channels of mlpconv block <paramref name="stage"/> whose largest activation over all images and positions is
    /// highest, strongest first: a quick way to pick channels worth looking at.
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="images">N×C×H×W model inputs on the model's device.</param>
    /// <param name="stage">The mlpconv block, 0-based.</param>
    /// <param name="count">How many channels (default 1).</param>
    /// <param name="batchSize">Images per forward pass (default 256).</param>
    /// <param name="path">How to run the forward passes (e.g. <c>trainer.Compute</c>); default float32.</param>
    public static IReadOnlyList<int> StrongestChannels(NiN model, Tensor images, int stage, int count = 1, int batchSize = 256, Training.ComputePath? path = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        CheckStage(model, stage);
        var channels = model.Config.Stages[stage].OutChannels;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, channels);
        Check.Positive(batchSize, nameof(batchSize));
        var peaks = Enumerable.Repeat(float.NegativeInfinity, channels).ToArray();
        ForEachBatch(model, (start, length) => images.narrow(0, start, length), images.shape[0], stage, batchSize, path, (_, maps) =>
        {
            var batchPeaks = maps.amax([0, 2, 3]).to(ScalarType.Float32).cpu().data<float>().ToArray();   // channels
            for (var c = 0; c < channels; c++)
            {
                peaks[c] = Math.Max(peaks[c], batchPeaks[c]);
            }
        });
        return [.. Enumerable.Range(0, channels).OrderByDescending(c => peaks[c]).ThenBy(c => c).Take(count)];
    }

    /// <summary>The patches as one tensor, k×C×r×r (uint8 for raw images), ready for <c>ImageCharts.Images(..., columns: 3)</c>.</summary>
    /// <param name="patches">Patches from <see cref="Find(NiN, Tensor, Tensor, int, int, int, int, Training.ComputePath)"/>; all the same size.</param>
    public static Tensor Stack(IReadOnlyList<TopPatch> patches)
    {
        ArgumentNullException.ThrowIfNull(patches);
        if (patches.Count == 0)
        {
            throw new ArgumentException("There are no patches to stack.", nameof(patches));
        }

        return stack(patches.Select(p => p.Patch), 0);
    }

    /// <summary>
    /// The receptive field of map position (<paramref name="y"/>, <paramref name="x"/>) cut from one image: C×r×r on
    /// the CPU in the image's type, zero where the field runs past the border (so every patch has the same size).
    /// </summary>
    /// <param name="image">C×H×W, any type and device.</param>
    /// <param name="field">The map's receptive field, e.g. <see cref="ReceptiveField.Of"/>.</param>
    /// <param name="y">Row in the map.</param>
    /// <param name="x">Column in the map.</param>
    public static Tensor Crop(Tensor image, ReceptiveField field, int y, int x)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(field);
        if (image.dim() != 3)
        {
            throw new ArgumentException($"image must be C x H x W; it was {Shape(image)}.", nameof(image));
        }

        var (top, left, size) = (field.Start(y), field.Start(x), field.Size);
        var (height, width) = (image.shape[1], image.shape[2]);
        var patch = zeros([image.shape[0], size, size], dtype: image.dtype);
        var (y0, y1) = (Math.Max(top, 0), Math.Min(top + size, height));
        var (x0, x1) = (Math.Max(left, 0), Math.Min(left + size, width));
        if (y1 > y0 && x1 > x0)
        {
            using var scope = NewDisposeScope();
            var inside = image.narrow(1, y0, y1 - y0).narrow(2, x0, x1 - x0).cpu();
            patch.narrow(1, y0 - top, y1 - y0).narrow(2, x0 - left, x1 - x0).copy_(inside);
        }

        return patch;
    }

    private static List<TopPatch> Find(NiN model, Func<long, long, Tensor> batch, Tensor rawImages, int stage, int channel, int count, int batchSize, Training.ComputePath? path)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckStage(model, stage);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, model.Config.Stages[stage].OutChannels);
        Check.Positive(count, nameof(count));
        Check.Positive(batchSize, nameof(batchSize));
        if (rawImages.dim() != 4)
        {
            throw new ArgumentException($"rawImages must be N x C x H x W; it was {Shape(rawImages)}.", nameof(rawImages));
        }

        // Pass 1: each image's strongest position in the channel's map.
        var n = rawImages.shape[0];
        var best = new float[n];
        var where = new long[n];
        long mapWidth = 0;
        ForEachBatch(model, batch, n, stage, batchSize, path, (start, maps) =>
        {
            mapWidth = maps.shape[3];
            var plane = maps.select(1, channel).flatten(1).to(ScalarType.Float32).cpu();   // length x h*w
            var (values, positions) = plane.max(1);
            values.data<float>().ToArray().CopyTo(best, start);
            positions.data<long>().ToArray().CopyTo(where, start);
        });

        // Pass 2: the strongest images, and the patch each one's position sees.
        var field = ReceptiveField.Of(model.Config, stage);
        var patches = new List<TopPatch>();
        foreach (var i in Enumerable.Range(0, (int)n).OrderByDescending(i => best[i]).ThenBy(i => i).Take(count))
        {
            var (y, x) = ((int)(where[i] / mapWidth), (int)(where[i] % mapWidth));
            using var raw = rawImages[i];
            patches.Add(new TopPatch(i, y, x, best[i], Crop(raw, field, y, x)));
        }

        return patches;
    }

    /// <summary>
    /// Runs block <paramref name="stage"/> on <paramref name="count"/> images, <paramref name="batchSize"/> at a time
    /// (eval mode, no gradients, along <paramref name="path"/> when there is one), and hands <paramref name="use"/> each
    /// batch's first index and its maps (n x channels x h x w), which live until the batch ends.
    /// </summary>
    private static void ForEachBatch(NiN model, Func<long, long, Tensor> batch, long count, int stage, int batchSize, Training.ComputePath? path, Action<long, Tensor> use) =>
        Inference.Run(model, () =>
        {
            for (long start = 0; start < count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var images = batch(start, Math.Min(batchSize, count - start));
                use(start, path is null ? model.ForwardToStage(images, stage) : path.Run(x => model.ForwardToStage(x, stage), images));
            }

            return 0;
        });

    private static void CheckStage(NiN model, int stage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, model.Config.Stages.Count);
    }

    private static string Shape(Tensor t) => string.Join(" x ", t.shape);
}
