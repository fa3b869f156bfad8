using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NinNotebooks.Setup;

/// <summary>What this machine's CPU can compute natively, where it decides how to train.</summary>
public static class CpuFeatures
{
    private static readonly Lazy<CpuFeatureSet> DetectedSet = new(Detect);

    /// <summary>
    /// The instruction sets the CPU has and the operating system enables, whatever oneDNN or .NET is told to use: on
    /// Linux as the kernel lists them in <c>/proc/cpuinfo</c>, which is what oneDNN finds too (<c>DOTNET_EnableAVX512=0</c>
    /// hides AVX-512 from .NET's own code, not from oneDNN); elsewhere as .NET reports them (<see cref="FromRuntime"/>).
    /// </summary>
    public static CpuFeatureSet Detected => DetectedSet.Value;

    /// <summary>
    /// The <c>ONEDNN_MAX_CPU_ISA</c> (or <c>DNNL_MAX_CPU_ISA</c>) setting of this process, if any: the highest
    /// instruction set oneDNN may use. Setting it to <c>AVX2</c> makes an AVX-512 machine run oneDNN's AVX2 kernels.
    /// </summary>
    public static string? OneDnnMaxIsa =>
        Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is { Length: > 0 } isa ? isa
        : Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA") is { Length: > 0 } old ? old
        : null;

    /// <summary>The instruction sets oneDNN will use here: <see cref="Detected"/> capped by <see cref="OneDnnMaxIsa"/>.</summary>
    public static CpuFeatureSet Current => Detected.CappedBy(OneDnnMaxIsa);

    /// <summary>
    /// Whether the CPU has bfloat16 dot-product instructions that oneDNN (libtorch's CPU convolution library) uses:
    /// x86 AVX-512 BF16 (AMD Zen 4 and newer, Intel Cooper Lake and Sapphire Rapids and newer) or AMX-BF16, with
    /// AVX-512 enabled by the operating system, and not forbidden by <see cref="OneDnnMaxIsa"/>. Elsewhere bfloat16
    /// would be emulated, which is no faster than float32.
    /// </summary>
    public static bool HasNativeBFloat16 => Current.HasNativeBFloat16;

    /// <summary>
    /// One line for a log: the instruction sets that matter for training speed, e.g.
    /// "x86 with avx2 avx512f avx512_bf16: bfloat16 fast path available".
    /// </summary>
    public static string Describe()
    {
        var detected = Detected;
        if (!detected.IsX86)
        {
            return "not x86: bfloat16 fast path off";
        }

        var current = Current;
        var cap = current == detected ? "" : $" (oneDNN limited to {OneDnnMaxIsa} by ONEDNN_MAX_CPU_ISA: {current.Names})";
        return $"x86 with {detected.Names}{cap}: bfloat16 fast path {(current.HasNativeBFloat16 ? "available" : "off")}";
    }

    /// <summary>The instruction sets as .NET reports them (CPUID, with the operating system's support, less what DOTNET_Enable* settings hide).</summary>
    public static CpuFeatureSet FromRuntime()
    {
        if (!X86Base.IsSupported)
        {
            return CpuFeatureSet.NotX86;
        }

        // Avx512F.IsSupported also says the OS saves the AVX-512 registers (and that .NET was not told to ignore them).
        var avx512 = Avx512F.IsSupported;
        var (avx512Bf16, amxBf16) = (false, false);
        if (avx512 && X86Base.CpuId(0, 0).Eax >= 7)
        {
            var leaf7 = X86Base.CpuId(7, 0);
            amxBf16 = (leaf7.Edx & (1 << 22)) != 0;
            avx512Bf16 = leaf7.Eax >= 1 && (X86Base.CpuId(7, 1).Eax & (1 << 5)) != 0;
        }

        return new CpuFeatureSet(true, Avx2.IsSupported && Fma.IsSupported, avx512, avx512Bf16, amxBf16);
    }

    private static CpuFeatureSet Detect() =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 && LinuxFlags() is { } flags
            ? CpuFeatureSet.FromLinuxFlags(flags)
            : FromRuntime();

    /// <summary>The first processor's flags in <c>/proc/cpuinfo</c>, or null where they cannot be read.</summary>
    private static string[]? LinuxFlags()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) is { } line
                ? line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
