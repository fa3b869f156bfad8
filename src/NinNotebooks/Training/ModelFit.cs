using System.Runtime.InteropServices;
using NinNotebooks.Analysis;
using NinNotebooks.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;
using NinNotebooks.Platform;

namespace NinNotebooks.Training;

/// <summary>The check that a model fits its configuration and data, before a <see cref="Trainer"/> prepares anything.</summary>
internal static class ModelFit
{
    /// <summary>
    /// The model has BatchNorm exactly when <paramref name="config"/> says so, takes the split's images and outputs one
    /// score per class.
    /// </summary>
    /// <exception cref="ArgumentException">It does not (the message says how).</exception>
    public static void Check(nn.Module<Tensor, Tensor> model, TrainingConfig config, ImageDataset train, Device device)
    {
        // The configuration is the run's record (config.json, checkpoints): it must say truly whether the network has BatchNorm.
        var hasBatchNorm = model.modules().Any(m => m is BatchNorm2d);
        if (hasBatchNorm != config.BatchNorm)
        {
            throw new ArgumentException(
                $"BatchNorm is {(config.BatchNorm ? "true" : "false")}, but the model {config.Model} has {(hasBatchNorm ? "BatchNorm layers" : "none")}; " +
                $"build it to match (e.g. new NiN(table, batchNorm: config.BatchNorm)) or set BatchNorm = {(hasBatchNorm ? "true" : "false")}.");
        }

        var shape = train.Images.shape;
        using var scope = NewDisposeScope();
        Tensor output;
        try
        {
            output = Inference.Run(model, () => model.call(zeros([2, shape[1], shape[2], shape[3]], device: device)));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ExternalException)
        {
            throw new ArgumentException($"The model {config.Model} cannot take {train.Name}'s {shape[1]}×{shape[2]}×{shape[3]} images: {ErrorText.Of(e)}", e);
        }

        if (output.dim() != 2 || output.shape[1] != train.NumClasses)
        {
            throw new ArgumentException(
                $"The model {config.Model} outputs [{string.Join(", ", output.shape)}] for a batch of 2, but {train.Name} has {train.NumClasses} classes; choose a model made for this dataset.");
        }
    }
}
