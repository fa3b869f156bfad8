using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>Runs a model for inspection: in eval mode (dropout off), without gradients, leaving its mode as it was.</summary>
internal static class Inference
{
    public static T Run<T>(nn.Module model, Func<T> body)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            return body();
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
