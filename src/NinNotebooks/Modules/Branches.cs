using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>Runs parallel branches on one input and joins their outputs, as Inception modules do.</summary>
internal static class Branches
{
    /// <summary>
    /// Calls every branch on <paramref name="input"/> and concatenates the outputs along the channels:
    /// N×C×H×W → N×(C₁ + C₂ + …)×H×W. The branches must keep H×W.
    /// </summary>
    public static Tensor Concatenate(Tensor input, params nn.Module<Tensor, Tensor>[] branches)
    {
        using var scope = NewDisposeScope();
        return cat(branches.Select(branch => branch.call(input)).ToList(), 1).MoveToOuterDisposeScope();
    }
}
