using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>What each mlpconv stage of a NiN produces for an image, and its first layer's filters.</summary>
/// <remarks>Taught in notebooks/07-what-nin-learns.ipynb.</remarks>
public static class StageMaps
{
    /// <summary>The feature maps of every mlpconv block for one image (eval mode, no gradients).</summary>
    /// <param name="model">The network.</param>
    /// <param name="image">C x H x W, normalised as for training, on the model's device.</param>
    /// <returns>One tensor per block, channels x h x w, on the model's device.</returns>
    public static IReadOnlyList<Tensor> Of(NiN model, Tensor image)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        return Inference.Run(model, () =>
        {
            using var scope = NewDisposeScope();
            var maps = model.ForwardStages(image.unsqueeze(0)).Select(m => m.squeeze(0)).ToList();
            scope.MoveToOuter(maps);
            return maps;
        });
    }

    /// <summary>The first convolution's filters as images: out x in x k x k (for CIFAR-10, 192 x 3 x 5 x 5), on the CPU.</summary>
    public static Tensor FirstLayerFilters(NiN model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Blocks[0].Convolutions[0].weight!.detach().cpu().clone();
    }
}
