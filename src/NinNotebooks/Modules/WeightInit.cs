namespace NinNotebooks.Modules;

/// <summary>How a network's convolution and linear weights are initialised (biases always start at 0).</summary>
public enum WeightInit
{
    /// <summary>
    /// The paper's: weights drawn from N(0, σ²) with the σ of the authors' configuration (0.05 for CIFAR-10 and
    /// MNIST; see <see cref="NinStage.ConvInitStd"/>). Linear layers use σ = 0.05 as well.
    /// </summary>
    Paper,

    /// <summary>Kaiming (He) normal initialisation for ReLU networks, fan-in mode: the modern default.</summary>
    Kaiming,
}
