namespace NinNotebooks.Notebooks;

/// <summary>A package named by <c>#r "nuget: Name, Version"</c>; a missing version means the latest stable ("*").</summary>
public sealed record PackageReference(string Name, string? Version)
{
    /// <summary>
    /// The package to restore for <paramref name="torchBackend"/>: with "cuda", TorchSharp-cpu becomes the CUDA build of
    /// the same version for this operating system, so notebooks written for the CPU train on a GPU unchanged. Any
    /// other package, or backend "cpu", is kept.
    /// </summary>
    public PackageReference ForTorchBackend(string torchBackend) =>
        torchBackend == "cuda" && string.Equals(Name, "TorchSharp-cpu", StringComparison.OrdinalIgnoreCase)
            ? this with { Name = OperatingSystem.IsWindows() ? "TorchSharp-cuda-windows" : "TorchSharp-cuda-linux" }
            : this;

    /// <summary>"Name, Version" as the kernel prints it.</summary>
    public override string ToString() => Version is null ? Name : $"{Name}, {Version}";
}
