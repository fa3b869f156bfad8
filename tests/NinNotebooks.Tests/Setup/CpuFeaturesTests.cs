using System.Runtime.InteropServices;
using NinNotebooks.Setup;

namespace NinNotebooks.Tests.Setup;

public class CpuFeaturesTests
{
    /// <summary>
    /// The words of the first flags line in Linux's <c>/proc/cpuinfo</c> (the instruction sets the CPU has and the kernel
    /// enables), read here independently of the library; null elsewhere.
    /// </summary>
    internal static string[]? KernelFlags() =>
        OperatingSystem.IsLinux() && File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) is { } line
            ? line.Split(' ')
            : null;

    [Fact]
    public void NativeBFloat16_AgreesWithTheKernelsCpuFlags()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            // Only x86 bfloat16 instructions are looked for.
            Assert.False(CpuFeatures.HasNativeBFloat16);
            return;
        }

        if (!OperatingSystem.IsLinux())
        {
            // No /proc/cpuinfo: the runtime's own view of the instruction sets decides.
            Assert.Equal(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, CpuFeatures.Detected.Avx512F);
            return;
        }

        var flags = KernelFlags() ?? throw new InvalidOperationException("/proc/cpuinfo has no flags line");
        var expected = flags.Contains("avx512f") && (flags.Contains("avx512_bf16") || flags.Contains("amx_bf16"));

        Assert.Equal(expected, CpuFeatures.Detected.HasNativeBFloat16);
        Assert.Equal(flags.Contains("avx2") && flags.Contains("fma"), CpuFeatures.Detected.Avx2);
        Assert.Equal(flags.Contains("avx512f"), CpuFeatures.Detected.Avx512F);
        Assert.Equal(flags.Contains("avx512_bf16"), CpuFeatures.Detected.Avx512BFloat16);

        // .NET's own view (CPUID and the OS's register support) is a second source: it agrees with the kernel's flags
        // unless a DOTNET_Enable* setting (e.g. DOTNET_EnableAVX512=0; COMPlus_Enable* is its older name) told .NET to hide
        // instruction sets.
        if (!Environment.GetEnvironmentVariables().Keys.Cast<string>().Any(k =>
                k.StartsWith("DOTNET_Enable", StringComparison.OrdinalIgnoreCase) || k.StartsWith("COMPlus_Enable", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.Equal(CpuFeatures.FromRuntime(), CpuFeatures.Detected);
        }

        // What decides training is what oneDNN may use: all of it unless ONEDNN_MAX_CPU_ISA says less.
        var usable = expected && CpuFeatures.Detected.CappedBy(Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA")).HasNativeBFloat16;
        Assert.Equal(usable, CpuFeatures.HasNativeBFloat16);
        Assert.Contains(usable ? "bfloat16 fast path available" : "bfloat16 fast path off", CpuFeatures.Describe(), StringComparison.Ordinal);
        Assert.Contains(CpuFeatures.Detected.Names, CpuFeatures.Describe(), StringComparison.Ordinal);
    }
}
