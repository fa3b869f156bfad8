using System.Diagnostics.CodeAnalysis;

namespace NinNotebooks.Training;

/// <summary>
/// The number format a model computes its forward pass in. The weights, the optimizer state and the checkpoints stay
/// float32 in every case: a lower precision is applied by autocast, which casts the inputs of convolutions and matrix
/// products down for the forward pass and lets the gradients flow back into the float32 weights (the "master
/// weights" of mixed-precision training). See <see cref="ComputePath"/>.
/// </summary>
public enum Precision
{
    /// <summary>
    /// <see cref="BFloat16"/> on a CPU that computes bfloat16 natively (x86 with AVX-512 BF16 or AMX), otherwise
    /// <see cref="Float32"/> (channels-last on x86 with AVX2, see <see cref="ComputePath.Choose"/>); on a GPU
    /// <see cref="Float32"/> (choose a lower precision there explicitly).
    /// </summary>
    Auto,

    /// <summary>Plain float32 everywhere: the reference, and what the paper's numbers were made with.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the tensor type, as torch.float32 is.")]
    Float32,

    /// <summary>
    /// Autocast to bfloat16 (8 exponent bits like float32, 8 significant bits): the same range as float32, so no loss
    /// scaling is needed. The CPU fast path; on CUDA it needs an Ampere or newer GPU (untested here).
    /// </summary>
    BFloat16,

    /// <summary>
    /// Autocast to float16 (5 exponent bits, 11 significant bits) with dynamic loss scaling, because small gradients
    /// underflow float16's range. Meant for CUDA GPUs (untested here); most CPUs have no float16 convolutions and run
    /// it very slowly.
    /// </summary>
    Float16,
}
