namespace NinNotebooks.Setup;

/// <summary>
/// The x86 instruction sets that decide how a model trains fastest on a CPU, as oneDNN (libtorch's CPU convolution
/// library) will use them: what the CPU has, less what <c>ONEDNN_MAX_CPU_ISA</c> forbids (see <see cref="CappedBy"/>).
/// A value, so that the choices made from it (<see cref="Training.ComputePath.Choose"/>) can be tested for any CPU.
/// </summary>
/// <param name="IsX86">Whether the CPU is x86-64 (all other flags are false elsewhere).</param>
/// <param name="Avx2">AVX2 (with FMA): oneDNN's float32 kernels for most x86 CPUs since 2013.</param>
/// <param name="Avx512F">AVX-512 Foundation, enabled by the operating system.</param>
/// <param name="Avx512BFloat16">AVX-512 BF16: bfloat16 dot products (AMD Zen 4 and newer, Intel Cooper Lake and Sapphire Rapids).</param>
/// <param name="AmxBFloat16">AMX-BF16: Intel's bfloat16 tile multiply (Sapphire Rapids and newer).</param>
public sealed record CpuFeatureSet(bool IsX86, bool Avx2, bool Avx512F, bool Avx512BFloat16, bool AmxBFloat16)
{
    /// <summary>An x86 CPU with AVX2 only: no AVX-512, no bfloat16 (e.g. AMD Zen 2 and 3, Intel before Ice Lake servers).</summary>
    public static CpuFeatureSet X86Avx2 { get; } = new(true, true, false, false, false);

    /// <summary>An x86 CPU with AVX-512 and AVX-512 BF16 (e.g. AMD Zen 4 EPYC).</summary>
    public static CpuFeatureSet X86Avx512BFloat16 { get; } = new(true, true, true, true, false);

    /// <summary>A CPU that is not x86 (e.g. Apple silicon, ARM servers): none of these instruction sets.</summary>
    public static CpuFeatureSet NotX86 { get; } = new(false, false, false, false, false);

    /// <summary>
    /// An x86 CPU's features from the flags the Linux kernel lists in <c>/proc/cpuinfo</c> (e.g. "fpu ... avx2 fma ...
    /// avx512f ..."): those the CPU has and the kernel enables, which is what oneDNN finds for itself.
    /// </summary>
    public static CpuFeatureSet FromLinuxFlags(IEnumerable<string> flags)
    {
        var set = flags.ToHashSet(StringComparer.Ordinal);
        return new CpuFeatureSet(
            IsX86: true,
            Avx2: set.Contains("avx2") && set.Contains("fma"),
            Avx512F: set.Contains("avx512f"),
            Avx512BFloat16: set.Contains("avx512_bf16"),
            AmxBFloat16: set.Contains("amx_bf16"));
    }

    /// <summary>
    /// Whether bfloat16 is computed natively (AVX-512 BF16 or AMX-BF16, with AVX-512 on); elsewhere oneDNN would
    /// emulate it, which is no faster than float32.
    /// </summary>
    public bool HasNativeBFloat16 => Avx512F && (Avx512BFloat16 || AmxBFloat16);

    /// <summary>The instruction sets present, by their Linux <c>/proc/cpuinfo</c> names, e.g. "avx2 avx512f avx512_bf16"; "none" if none.</summary>
    public string Names
    {
        get
        {
            var names = new[] { (Avx2, "avx2"), (Avx512F, "avx512f"), (Avx512BFloat16, "avx512_bf16"), (AmxBFloat16, "amx_bf16") }
                .Where(f => f.Item1).Select(f => f.Item2).ToList();
            return names.Count == 0 ? "none" : string.Join(' ', names);
        }
    }

    /// <summary>
    /// These features as oneDNN uses them when <c>ONEDNN_MAX_CPU_ISA</c> (or its older name <c>DNNL_MAX_CPU_ISA</c>)
    /// is <paramref name="maxIsa"/>: oneDNN then dispatches no kernel above that level, so a CPU with AVX-512 BF16
    /// capped at <c>AVX2</c> trains like an AVX2 CPU. Null, empty, <c>ALL</c>, <c>DEFAULT</c> and names this table
    /// does not know leave the features as they are.
    /// </summary>
    public CpuFeatureSet CappedBy(string? maxIsa)
    {
        // oneDNN's levels in its own order (docs: "CPU dispatcher control"); AVX10_1_512 was AVX512_CORE_FP16, and
        // AVX10_1_512_AMX was AVX512_CORE_AMX. Each entry: the name, then which of our features it still allows.
        var level = maxIsa?.Trim().ToUpperInvariant() switch
        {
            "SSE41" or "AVX" => 0,
            "AVX2" or "AVX2_VNNI" or "AVX2_VNNI_2" => 1,
            "AVX512_CORE" or "AVX512_CORE_VNNI" => 2,
            "AVX512_CORE_BF16" or "AVX512_CORE_FP16" or "AVX10_1_512" => 3,
            _ => 4,
        };
        return this with
        {
            Avx2 = Avx2 && level >= 1,
            Avx512F = Avx512F && level >= 2,
            Avx512BFloat16 = Avx512BFloat16 && level >= 3,
            AmxBFloat16 = AmxBFloat16 && level >= 4,
        };
    }
}
