using System.Reactive.Linq;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using NinNotebooks.Platform;

namespace NinNotebooks.Notebooks;

/// <summary>
/// What the runner does for TorchSharp packages a notebook restores with <c>#r "nuget:..."</c>: with the CUDA backend
/// it asks for TorchSharp's CUDA build instead of <c>TorchSharp-cpu</c> (same version), so the CPU-pinned series
/// trains on a GPU unchanged; and it applies the libstdc++ compatibility step to the restored native library before the
/// cell's code runs, so TorchSharp loads on machines with an older libstdc++ (see environment/README.md).
/// </summary>
internal static partial class TorchPackages
{
    /// <summary>The package that replaces TorchSharp-cpu with the CUDA backend on this operating system.</summary>
    public static string CudaPackage => OperatingSystem.IsWindows() ? "TorchSharp-cuda-windows" : "TorchSharp-cuda-linux";

    /// <summary>Applies the compatibility step to every TorchSharp package <paramref name="kernel"/> adds.</summary>
    public static void Use(CompositeKernel kernel, string torchBackend)
    {
        if (torchBackend is not ("cpu" or "cuda"))
        {
            throw new ArgumentException($"The TorchSharp backend must be cpu or cuda, got '{torchBackend}'.", nameof(torchBackend));
        }

        kernel.RegisterForDisposal(kernel.KernelEvents.OfType<PackageAdded>()
            .SelectMany(e => e.PackageReference.AssemblyPaths)
            .Where(path => Path.GetFileName(path) == "TorchSharp.dll")
            .Subscribe(path => NativeCompatibility.Ensure(Path.GetDirectoryName(path))));
    }

    /// <summary>
    /// The cell's code with <c>#r "nuget: TorchSharp-cpu, V"</c> turned into the CUDA package of version V when
    /// <paramref name="torchBackend"/> is "cuda"; otherwise the code unchanged.
    /// </summary>
    public static string ForBackend(string code, string torchBackend) =>
        torchBackend == "cuda" ? CpuReference().Replace(code, m => m.Value.Replace(m.Groups["name"].Value, CudaPackage, StringComparison.Ordinal)) : code;

    [GeneratedRegex(@"^\s*#r\s+""nuget:\s*(?<name>TorchSharp-cpu)\s*(,|"")", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CpuReference();
}
