using TorchSharp;
using NinNotebooks.Platform;

namespace NinNotebooks.Setup;

/// <summary>What <see cref="TorchRuntime.Initialize"/> found about TorchSharp in this process.</summary>
/// <param name="TorchSharpVersion">The TorchSharp package version, e.g. 0.107.0.</param>
/// <param name="LibTorchVersion">The libtorch version TorchSharp was built on, e.g. 2.10.0.0.</param>
/// <param name="Backend">The native backend loaded: "cpu" (TorchSharp-cpu) or "cuda" (TorchSharp-cuda-*).</param>
/// <param name="CudaAvailable">Whether a CUDA device can be used.</param>
/// <param name="CudaDeviceCount">How many CUDA devices libtorch sees.</param>
/// <param name="Threads">libtorch's intra-op thread count.</param>
/// <param name="TorchSharpAssemblyPath">Where TorchSharp.dll was loaded from.</param>
/// <param name="NativeLibraryPath">Where libLibTorchSharp was loaded from (Linux only; null elsewhere).</param>
/// <param name="LibTorchPath">Where libtorch_cpu was loaded from (Linux only; null elsewhere).</param>
/// <param name="Compatibility">What the native compatibility step found and did.</param>
/// <param name="FSharpCore">What the FSharp.Core step for Plotly.NET found and did.</param>
/// <param name="ZeroedAllocations">Whether memory is handed out zeroed (see <see cref="Setup.ZeroedAllocations"/>).</param>
public sealed record TorchRuntimeInfo(
    string TorchSharpVersion,
    string LibTorchVersion,
    string Backend,
    bool CudaAvailable,
    int CudaDeviceCount,
    int Threads,
    string TorchSharpAssemblyPath,
    string? NativeLibraryPath,
    string? LibTorchPath,
    NativeCompatibilityReport Compatibility,
    FSharpCoreReport FSharpCore,
    bool ZeroedAllocations)
{
    /// <summary>How the C library's allocator was set up for libtorch (see <see cref="NativeAllocator"/>).</summary>
    public string Allocator { get; init; } = "not set up";

    /// <summary>How CPU convolutions are computed, and why (see <see cref="ConvolutionWorkaround"/>); null where the step did not run.</summary>
    public ConvolutionWorkaroundReport? Convolutions { get; init; }

    /// <summary>Which libtorch TorchSharp was bound to, and what other copies the machine has (see <see cref="Setup.LibTorchBinding"/>); null where the step did not run.</summary>
    public LibTorchBindingReport? LibTorchBinding { get; init; }

    /// <summary>The device to compute on by default: the first CUDA device when available, else the CPU.</summary>
    public DeviceType DefaultDeviceType => CudaAvailable ? DeviceType.CUDA : DeviceType.CPU;

    /// <summary>Two lines for a notebook's first cell or a log: versions, device and threads; then what the charts run on.</summary>
    public override string ToString() =>
        $"TorchSharp {TorchSharpVersion} (libtorch {LibTorchVersion}), backend {Backend}, device {DefaultDeviceType.ToString().ToLowerInvariant()}" +
        (CudaAvailable ? $" ({CudaDeviceCount} GPU(s))" : "") + $", {Threads} CPU threads\nCharts: {FSharpCore}";
}
