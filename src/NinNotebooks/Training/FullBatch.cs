using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>
/// Fits a small classifier on a small dataset held in one tensor, all of it in every step (Adam): for toy problems
/// such as <see cref="Data.EdgePatches"/>, where the point is what a model can represent, not how to train at scale.
/// </summary>
/// <remarks>Taught in notebooks/01-mlpconv.ipynb.</remarks>
public static class FullBatch
{
    /// <summary>Trains <paramref name="model"/> for <paramref name="steps"/> steps and returns the loss after each.</summary>
    /// <param name="model">Returns N x classes scores, or N x classes x 1 x 1 (a convolution over a whole patch).</param>
    /// <param name="inputs">N x ..., on the model's device.</param>
    /// <param name="labels">N class indices (int64).</param>
    /// <param name="steps">Optimizer steps (default 300).</param>
    /// <param name="learningRate">Adam's learning rate (default 0.01).</param>
    public static IReadOnlyList<double> Fit(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, int steps = 300, double learningRate = 0.01)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        Check.Positive(steps, nameof(steps));
        model.train();
        using var optimizer = optim.Adam(model.parameters(), learningRate);
        var losses = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(inputs).flatten(1), labels);
            loss.backward();
            optimizer.step();
            losses[step] = loss.item<float>();
        }

        return losses;
    }

    /// <summary>The fraction of <paramref name="inputs"/> classified as <paramref name="labels"/> (eval mode, no gradients).</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        return Analysis.Inference.Run(model, () =>
        {
            using var scope = NewDisposeScope();
            return model.call(inputs).flatten(1).argmax(1).eq(labels).to(ScalarType.Float64).mean().item<double>();
        });
    }
}
