using System.Reflection;
using TorchSharp;
using NinNotebooks.Platform;

namespace NinNotebooks.Setup;

/// <summary>
/// The library's start-up step, the one place that starts TorchSharp: it applies the <see cref="NativeCompatibility"/>
/// step where needed, binds TorchSharp to its own package's libtorch (<see cref="Setup.LibTorchBinding"/>), has memory handed out zeroed (<see cref="ZeroedAllocations"/>, for a libtorch convolution defect),
/// keeps convolution gradients correct where this CPU's oneDNN gets them wrong (<see cref="ConvolutionWorkaround"/>),
/// lets Plotly.NET run on an older FSharp.Core (<see cref="FSharpCoreCompatibility"/>), then
/// initialises the native backend (CUDA first when the CUDA backend is present, as TorchSharp asks of scripts and
/// notebooks), and describes what it found.
/// </summary>
/// <remarks>
/// Call <see cref="Initialize"/> before anything else touches TorchSharp: the CLI does on start, the test
/// assembly does in its module initializer, and each notebook's first cell does. A failed TorchSharp start
/// cannot be retried in the same process (its type initializer fails for good), so the error it reports
/// explains the cause and points at <c>nin doctor</c>.
/// </remarks>
public static class TorchRuntime
{
    private static readonly Lazy<TorchRuntimeInfo> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<NativeCompatibilityReport> Compatibility = new(() =>
        NativeCompatibility.Ensure(Path.GetDirectoryName(typeof(torch).Assembly.Location)));

    /// <summary>Starts TorchSharp once per process and returns what was found; later calls return the same answer.</summary>
    /// <exception cref="TorchLoadException">TorchSharp's native libraries could not be loaded; the message says why.</exception>
    public static TorchRuntimeInfo Initialize() => Started.Value;

    /// <summary>
    /// Applies the compatibility step, where needed, to every copy of <c>libLibTorchSharp.so</c> that this process's
    /// TorchSharp may load. <see cref="Initialize"/> calls it first; calling it again is free.
    /// </summary>
    public static NativeCompatibilityReport EnsureNativeCompatibility() => Compatibility.Value;

    private static TorchRuntimeInfo Start()
    {
        // Before any tensor exists: large blocks kept for reuse (speed). Zeroed allocations (a oneDNN defect) are turned on
        // once libtorch is loaded, below; a block kept on the heap is zeroed again whenever libtorch hands it out.
        var allocator = NativeAllocator.Apply();
        var fsharpCore = FSharpCoreCompatibility.Ensure();
        var compatibility = EnsureNativeCompatibility();
        if (!compatibility.AllLoadable)
        {
            // Loading a library the step could not fix fails at best and, for a damaged file, can crash the process.
            throw new TorchLoadException(compatibility, "a copy of the native wrapper library cannot be loaded on this machine (see the compatibility step)", null);
        }

        // Before TorchSharp's first load: its own libtorch, so a system or PyTorch libtorch cannot take its place.
        var binding = LibTorchBinding.Bind();
        bool cudaAvailable;
        try
        {
            // The first use of torch runs its type initializer, which loads the native backend.
            cudaAvailable = torch.cuda.is_available();
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            throw new TorchLoadException(compatibility, ErrorText.Of(e.InnerException ?? e), e);
        }

        var zeroed = ZeroedAllocations.Ensure();
        var convolutions = ConvolutionWorkaround.Apply();   // after the zero fill, which the check relies on
        var torchSharp = typeof(torch).Assembly;
        return new TorchRuntimeInfo(
            TorchSharpVersion: torchSharp.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? torchSharp.GetName().Version?.ToString() ?? "unknown",
            LibTorchVersion: torch.__version__,
            Backend: cudaAvailable || LoadedNativeLibraries.Find("libtorch_cuda") is not null ? "cuda" : "cpu",
            CudaAvailable: cudaAvailable,
            CudaDeviceCount: cudaAvailable ? torch.cuda.device_count() : 0,
            Threads: torch.get_num_threads(),
            TorchSharpAssemblyPath: torchSharp.Location,
            NativeLibraryPath: LoadedNativeLibraries.Find("libLibTorchSharp"),
            LibTorchPath: LoadedNativeLibraries.Find("libtorch_cpu"),
            Compatibility: compatibility,
            FSharpCore: fsharpCore,
            ZeroedAllocations: zeroed)
        {
            Allocator = allocator,
            Convolutions = convolutions,
            LibTorchBinding = binding,
        };
    }
}
