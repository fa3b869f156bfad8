using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// What <see cref="GoogLeNet.ForwardWithAuxiliary"/> returns: the main logits and, in training mode, the two
/// auxiliary classifiers' logits. Dispose it to free all three.
/// </summary>
/// <param name="Logits">Main classifier output, N×classes.</param>
/// <param name="Aux1">Auxiliary classifier on inception (4a), N×classes; null in eval mode or without auxiliaries.</param>
/// <param name="Aux2">Auxiliary classifier on inception (4d), N×classes; null in eval mode or without auxiliaries.</param>
public sealed record GoogLeNetOutput(Tensor Logits, Tensor? Aux1, Tensor? Aux2) : IDisposable
{
    /// <summary>The weight of each auxiliary loss in the training loss (the paper's 0.3).</summary>
    public const double AuxiliaryLossWeight = 0.3;

    /// <summary>
    /// The paper's training loss: cross-entropy of the main output plus 0.3 × the cross-entropy of each auxiliary
    /// output that is present.
    /// </summary>
    /// <param name="targets">Class indices, N, int64.</param>
    public Tensor Loss(Tensor targets)
    {
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(Logits, targets);
        foreach (var aux in new[] { Aux1, Aux2 })
        {
            if (aux is not null)
            {
                loss = loss + (AuxiliaryLossWeight * nn.functional.cross_entropy(aux, targets));
            }
        }

        return loss.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Logits.Dispose();
        Aux1?.Dispose();
        Aux2?.Dispose();
    }
}
