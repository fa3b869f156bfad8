namespace NinNotebooks.Training;

/// <summary>The optimizer a <see cref="Trainer"/> uses.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum and weight decay, as the paper (cuda-convnet) trained NiN.</summary>
    Sgd,

    /// <summary>Adam (weight decay as an L2 term, as in torch.optim.Adam).</summary>
    Adam,
}
