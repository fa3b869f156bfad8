using System.Runtime.Intrinsics.X86;

namespace NinNotebooks.Setup;

/// <summary>What this machine's CPU can compute natively, where it decides how to train.</summary>
public static class CpuFeatures
{
    private static readonly Lazy<bool> BFloat16 = new(DetectBFloat16);

    /// <summary>
    /// Whether the CPU has bfloat16 dot-product instructions that oneDNN (libtorch's CPU convolution library) uses:
    /// x86 AVX-512 BF16 (AMD Zen 4 and newer, Intel Cooper Lake and Sapphire Rapids and newer) or AMX-BF16, with
    /// AVX-512 enabled by the operating system. Elsewhere bfloat16 would be emulated, which is no faster than float32.
    /// </summary>
    public static bool HasNativeBFloat16 => BFloat16.Value;

    /// <summary>One line for a log: the instruction sets that matter for training speed.</summary>
    public static string Describe() =>
        !X86Base.IsSupported ? "not x86: bfloat16 fast path off"
        : HasNativeBFloat16 ? "x86 with AVX-512 BF16: bfloat16 fast path available"
        : Avx512F.IsSupported ? "x86 with AVX-512 but without BF16: bfloat16 fast path off"
        : "x86 without AVX-512: bfloat16 fast path off";

    private static bool DetectBFloat16()
    {
        // Avx512F.IsSupported also says the OS saves the AVX-512 registers (and that .NET was not told to ignore them).
        if (!X86Base.IsSupported || !Avx512F.IsSupported || X86Base.CpuId(0, 0).Eax < 7)
        {
            return false;
        }

        var leaf7 = X86Base.CpuId(7, 0);
        var amxBf16 = (leaf7.Edx & (1 << 22)) != 0;
        var avx512Bf16 = leaf7.Eax >= 1 && (X86Base.CpuId(7, 1).Eax & (1 << 5)) != 0;
        return avx512Bf16 || amxBf16;
    }
}
