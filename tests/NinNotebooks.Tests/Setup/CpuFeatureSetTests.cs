using NinNotebooks.Setup;

namespace NinNotebooks.Tests.Setup;

public class CpuFeatureSetTests
{
    [Fact]
    public void NativeBFloat16_NeedsAvx512AndABFloat16InstructionSet()
    {
        Assert.True(CpuFeatureSet.X86Avx512BFloat16.HasNativeBFloat16);
        Assert.True(new CpuFeatureSet(true, true, true, false, true).HasNativeBFloat16);
        Assert.False(new CpuFeatureSet(true, true, true, false, false).HasNativeBFloat16);
        Assert.False(new CpuFeatureSet(true, true, false, true, true).HasNativeBFloat16);
        Assert.False(CpuFeatureSet.X86Avx2.HasNativeBFloat16);
        Assert.False(CpuFeatureSet.NotX86.HasNativeBFloat16);
    }

    [Theory]
    [InlineData("fpu sse2 avx fma avx2 bmi2", "avx2")]                                       // AMD Zen 2/3, Intel before Ice Lake servers
    [InlineData("avx avx2 bmi2", "none")]                                                    // AVX2 without FMA is not used by oneDNN's AVX2 kernels
    [InlineData("fma avx2 avx512f avx512dq avx512_bf16 avx512_vnni", "avx2 avx512f avx512_bf16")]  // AMD Zen 4
    [InlineData("fma avx2 avx512f avx512_bf16 amx_bf16 amx_tile", "avx2 avx512f avx512_bf16 amx_bf16")]  // Intel Sapphire Rapids
    [InlineData("fpu sse sse2", "none")]
    public void FromLinuxFlags_ReadsTheKernelsFlagNames(string flags, string names)
    {
        var features = CpuFeatureSet.FromLinuxFlags(flags.Split(' '));
        Assert.True(features.IsX86);
        Assert.Equal(names, features.Names);
    }

    [Fact]
    public void Names_AreTheLinuxFlagNames()
    {
        Assert.Equal("avx2 avx512f avx512_bf16", CpuFeatureSet.X86Avx512BFloat16.Names);
        Assert.Equal("avx2", CpuFeatureSet.X86Avx2.Names);
        Assert.Equal("avx2 avx512f avx512_bf16 amx_bf16", new CpuFeatureSet(true, true, true, true, true).Names);
        Assert.Equal("none", CpuFeatureSet.NotX86.Names);
    }

    [Theory]
    [InlineData("AVX2", "avx2")]
    [InlineData("avx2", "avx2")]
    [InlineData("AVX2_VNNI", "avx2")]
    [InlineData("AVX", "none")]
    [InlineData("SSE41", "none")]
    [InlineData("AVX512_CORE", "avx2 avx512f")]
    [InlineData("AVX512_CORE_VNNI", "avx2 avx512f")]
    [InlineData("AVX512_CORE_BF16", "avx2 avx512f avx512_bf16")]
    [InlineData("AVX10_1_512", "avx2 avx512f avx512_bf16")]
    [InlineData("AVX512_CORE_AMX", "avx2 avx512f avx512_bf16 amx_bf16")]
    [InlineData("ALL", "avx2 avx512f avx512_bf16 amx_bf16")]
    [InlineData("DEFAULT", "avx2 avx512f avx512_bf16 amx_bf16")]
    [InlineData("", "avx2 avx512f avx512_bf16 amx_bf16")]
    [InlineData(null, "avx2 avx512f avx512_bf16 amx_bf16")]
    public void CappedBy_OneDnnsMaxIsa_DropsTheInstructionSetsAboveIt(string? maxIsa, string expected)
    {
        var all = new CpuFeatureSet(true, true, true, true, true);

        Assert.Equal(expected, all.CappedBy(maxIsa).Names);
    }

    [Fact]
    public void CappedBy_NeverAddsWhatTheCpuLacks()
    {
        Assert.Equal(CpuFeatureSet.X86Avx2, CpuFeatureSet.X86Avx2.CappedBy("AVX512_CORE_BF16"));
        Assert.False(CpuFeatureSet.X86Avx512BFloat16.CappedBy("AVX2").HasNativeBFloat16);
    }
}
