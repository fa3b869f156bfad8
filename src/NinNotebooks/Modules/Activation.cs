namespace NinNotebooks.Modules;

/// <summary>The activation at the end of a <see cref="ConvBlock"/>.</summary>
public enum Activation
{
    /// <summary>No activation: a linear output (MobileNetV2's projection layer).</summary>
    None,

    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>min(max(0, x), 6): MobileNetV2's activation, robust in low-precision arithmetic.</summary>
    ReLU6,
}
