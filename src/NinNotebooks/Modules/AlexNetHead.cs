namespace NinNotebooks.Modules;

/// <summary>The three heads <see cref="AlexNet"/> can end with, on the same five-convolution body (N×256×3×3).</summary>
/// <remarks>Taught in notebooks/03-global-average-pooling.ipynb.</remarks>
public enum AlexNetHead
{
    /// <summary>
    /// Flatten the 256×3×3 maps and apply three dense layers (4,096, 4,096, classes) with dropout: AlexNet's own head.
    /// </summary>
    FlattenLinear,

    /// <summary>
    /// The "GAP" head of the Keras example: a 3×3 convolution to 1,000 maps, global average pooling and one dense
    /// layer. On a 3×3 input the convolution has a 1×1 output, so it is a dense 2,304 → 1,000 layer in disguise and
    /// the averaging does nothing; it saves parameters only because the 4,096-wide layers are gone.
    /// </summary>
    Conv3x3GapDense,

    /// <summary>
    /// NiN's head: a 1×1 convolution to one map per class, then global average pooling, nothing after it. Every
    /// position of the 3×3 grid is scored with the same weights and the scores are averaged.
    /// </summary>
    Conv1x1Gap,
}
