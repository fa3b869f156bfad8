using NinNotebooks.Setup;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>
/// How a model's forward pass runs on a device: in which <see cref="Training.Precision"/> and
/// <see cref="MemoryLayout"/>. <see cref="Resolve"/> turns the settings (usually <c>Auto</c>) into a concrete path for
/// this machine; <see cref="Forward"/> runs a model on it. The <see cref="Trainer"/> uses one for every batch, and a
/// notebook can use two to time the same model both ways:
/// <code>
/// var plain = ComputePath.Plain(CPU);
/// var fast = ComputePath.Resolve(CPU);   // bfloat16 + channels-last with AVX-512 BF16; float32 channels-last with AVX2
/// Timing.Forward(model, images, plain); Timing.Forward(model, images, fast);
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// The fast path on a CPU is autocast to bfloat16 with channels-last input. oneDNN, libtorch's CPU convolution
/// library, has bfloat16 convolutions for CPUs with AVX-512 BF16 or AMX, and they read and write half the bytes of
/// float32; it also prefers NHWC (channels-last) tensors, for float32 too. The model keeps its float32 weights:
/// autocast casts them to bfloat16 inside each forward pass, the backward pass runs in bfloat16 through the same
/// convolutions, and the gradients arrive in float32 at the weights, where the optimizer updates them. So
/// checkpoints stay float32 and load anywhere, and small updates are not lost to bfloat16's 8-bit significand.
/// </para>
/// <para>
/// bfloat16 has float32's exponent range, so gradients do not underflow and need no loss scaling; float16 does
/// (see <see cref="LossScaler"/>). Losses are computed in float32: <see cref="Forward"/> returns float32 output.
/// A loss that becomes NaN or infinite still does so, so the trainer's divergence check works the same.
/// </para>
/// <para>
/// On CUDA, <see cref="Precision.BFloat16"/> and <see cref="Precision.Float16"/> go through the same autocast
/// (with the CUDA device type); <see cref="Precision.Auto"/> stays float32 there (convolutions already use TF32 on
/// Ampere and newer GPUs). The CUDA path is untested: the build machines have no GPU and no CUDA build of TorchSharp.
/// </para>
/// </remarks>
public sealed class ComputePath
{
    private ComputePath(Device device, Precision precision, MemoryLayout layout) => (Device, Precision, Layout) = (device, precision, layout);

    /// <summary>The device the model runs on.</summary>
    public Device Device { get; }

    /// <summary>The precision of the forward pass (never <see cref="Precision.Auto"/>).</summary>
    public Precision Precision { get; }

    /// <summary>The layout of the input batch (never <see cref="MemoryLayout.Auto"/>).</summary>
    public MemoryLayout Layout { get; }

    /// <summary>Whether the forward pass runs in a lower precision than float32 (through autocast).</summary>
    public bool IsMixedPrecision => Precision != Precision.Float32;

    /// <summary>Whether backward passes need a <see cref="LossScaler"/> (float16 only).</summary>
    public bool NeedsLossScaling => Precision == Precision.Float16;

    /// <summary>
    /// Resolves the settings for <paramref name="device"/> on this machine's CPU (<see cref="CpuFeatures.Current"/>):
    /// see <see cref="Choose"/> for what <c>Auto</c> becomes.
    /// </summary>
    /// <exception cref="NotSupportedException">A lower precision was asked for where autocast cannot be reached.</exception>
    public static ComputePath Resolve(Device device, Precision precision = Precision.Auto, MemoryLayout layout = MemoryLayout.Auto)
    {
        ArgumentNullException.ThrowIfNull(device);
        var (resolved, layoutResolved) = Choose(device.type, CpuFeatures.Current, Autocast.IsAvailable, precision, layout);
        if (resolved != Precision.Float32 && !Autocast.IsAvailable)
        {
            throw new NotSupportedException(
                $"Precision {precision} needs libtorch's autocast, which could not be reached in this process (it is looked up by its Linux/macOS C++ names); use float32.");
        }

        if (resolved != Precision.Float32 && device.type is not (DeviceType.CPU or DeviceType.CUDA))
        {
            throw new NotSupportedException($"Precision {precision} is supported on the CPU and on CUDA, not on {device.type}.");
        }

        return new ComputePath(device, resolved, layoutResolved);
    }

    /// <summary>
    /// What <see cref="Resolve"/> chooses, as a function of the device type, the CPU's instruction sets and whether
    /// libtorch's autocast is reachable, so that the choice can be tested for every kind of CPU on any one machine.
    /// <see cref="Precision.Auto"/> with <see cref="MemoryLayout.Auto"/> is the fastest path at equal accuracy that was
    /// measured: on a CPU with native bfloat16 (<see cref="CpuFeatureSet.HasNativeBFloat16"/>) and autocast, bfloat16
    /// channels-last; on another x86 CPU with AVX2, float32 channels-last (1.16 times channels-first float32 on an
    /// AVX2-only AMD EPYC; oneDNN's float32 kernels prefer NHWC there too); elsewhere (not x86, GPUs) float32
    /// channels-first, which has not been measured against channels-last. An explicit precision with
    /// <see cref="MemoryLayout.Auto"/> gives channels-last when it is lowered and channels-first with float32, so that
    /// <see cref="Precision.Float32"/> alone is the plain path (<see cref="Plain"/>). An explicit layout is kept.
    /// </summary>
    public static (Precision Precision, MemoryLayout Layout) Choose(
        DeviceType device, CpuFeatureSet cpu, bool autocastAvailable, Precision precision, MemoryLayout layout)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        var onCpu = device == DeviceType.CPU;
        var resolved = precision switch
        {
            Precision.Auto => onCpu && cpu.HasNativeBFloat16 && autocastAvailable ? Precision.BFloat16 : Precision.Float32,
            Precision.Float32 or Precision.BFloat16 or Precision.Float16 => precision,
            _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
        };
        var layoutResolved = layout switch
        {
            MemoryLayout.Auto when resolved != Precision.Float32 => MemoryLayout.ChannelsLast,
            MemoryLayout.Auto when precision == Precision.Auto && onCpu && cpu.IsX86 && cpu.Avx2 => MemoryLayout.ChannelsLast,
            MemoryLayout.Auto => MemoryLayout.ChannelsFirst,
            MemoryLayout.ChannelsFirst or MemoryLayout.ChannelsLast => layout,
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown memory layout."),
        };
        return (resolved, layoutResolved);
    }

    /// <summary>The plain path: float32, channels-first.</summary>
    public static ComputePath Plain(Device device) => Resolve(device, Precision.Float32, MemoryLayout.ChannelsFirst);

    /// <summary>
    /// <paramref name="input"/> in this path's layout. A 4-D batch becomes channels-last by a copy whose shape is
    /// unchanged (N x C x H x W) but whose strides are those of N x H x W x C; other tensors are returned as they are.
    /// </summary>
    public Tensor PrepareInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Layout != MemoryLayout.ChannelsLast || input.dim() != 4)
        {
            return input.alias();
        }

        // N x H x W x C in memory (a copy), viewed as N x C x H x W again; the view keeps the copy's storage alive.
        using var nhwc = input.permute(0, 2, 3, 1).contiguous();
        return nhwc.permute(0, 3, 1, 2);
    }

    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="input"/> along this path and returns its output in float32.
    /// Gradients flow as usual; call it under <c>no_grad()</c> and in eval mode for inference.
    /// </summary>
    public Tensor Forward(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Run(model.call, input);
    }

    /// <summary>As <see cref="Forward(nn.Module{Tensor, Tensor}, Tensor)"/> for any forward function, e.g. part of a model.</summary>
    internal Tensor Run(Func<Tensor, Tensor> forward, Tensor input)
    {
        using var prepared = PrepareInput(input);
        if (!IsMixedPrecision)
        {
            return forward(prepared);
        }

        var dtype = Precision == Precision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float16;
        using var output = Autocast.Run(Device.type, dtype, () => forward(prepared));
        return output.to(ScalarType.Float32);
    }

    /// <summary>A short description, e.g. "bfloat16 autocast (float32 weights), channels-last".</summary>
    public override string ToString() =>
        (Precision switch
        {
            Precision.BFloat16 => "bfloat16 autocast (float32 weights)",
            Precision.Float16 => "float16 autocast (float32 weights, loss scaling)",
            _ => "float32",
        }) + (Layout == MemoryLayout.ChannelsLast ? ", channels-last" : ", channels-first");
}
