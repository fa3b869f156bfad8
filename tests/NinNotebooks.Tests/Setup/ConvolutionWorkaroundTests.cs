using NinNotebooks.Setup;
using NinNotebooks.Training;

namespace NinNotebooks.Tests.Setup;

/// <summary>
/// The start-up decision as a function of the CPU (AVX-512 or not), the user's ONEDNN_MAX_CPU_ISA and what the probe saw:
/// pure functions, so every case is tested on any machine.
/// </summary>
public class ConvolutionWorkaroundTests
{
    private static readonly ConvolutionShape Narrow = new(5, 12, 24, Padding: 2);

    private static ConvolutionCheckResult Probe(params ConvolutionError[] wrong) =>
        new([Narrow, new(3, 3, 10, Padding: 1)], [Precision.Float32], new Dictionary<Precision, double> { [Precision.Float32] = 1e-4 }, wrong, wrong);

    [Theory]
    [InlineData(false, null, false)]              // AVX2-only: oneDNN's AVX-512 kernels never run
    [InlineData(false, "AVX512_CORE", false)]     // a cap cannot add what the CPU lacks
    [InlineData(true, null, true)]                // AVX-512 with oneDNN's default: look
    [InlineData(true, "", true)]
    [InlineData(true, "ALL", true)]
    [InlineData(true, "avx512_core_bf16", true)]  // oneDNN reads the value case-insensitively
    [InlineData(true, "AVX512_CORE", true)]
    [InlineData(true, "AVX10_1_512_AMX", true)]
    [InlineData(true, "AVX2", false)]             // the user capped below AVX-512
    [InlineData(true, "SSE41", false)]
    public void NeedsProbe_OnlyWhereOneDnnWouldRunItsAvx512Kernels(bool avx512, string? userIsa, bool expected) =>
        Assert.Equal(expected, ConvolutionWorkaround.NeedsProbe(avx512, userIsa));

    [Fact]
    public void OnAnAvx2OnlyCpu_OneDnnStays_WithoutAProbe()
    {
        var (turnOff, reason) = ConvolutionWorkaround.Choose(cpuHasAvx512: false, userIsa: null, probe: null);
        Assert.False(turnOff);
        Assert.Contains("no AVX-512", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AUsersCapBelowAvx512_IsKeptAndNamed()
    {
        var (turnOff, reason) = ConvolutionWorkaround.Choose(cpuHasAvx512: true, userIsa: "AVX2", probe: null);
        Assert.False(turnOff);
        Assert.Contains("ONEDNN_MAX_CPU_ISA=AVX2", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnAvx512_ARightProbe_KeepsOneDnn()
    {
        var (turnOff, reason) = ConvolutionWorkaround.Choose(cpuHasAvx512: true, userIsa: null, Probe());
        Assert.False(turnOff);
        Assert.Contains("agree with float64", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("AVX512_CORE_BF16")]
    public void OnAvx512_AWrongProbe_TurnsOneDnnOff_AndSaysWhichShape(string? userIsa)
    {
        var (turnOff, reason) = ConvolutionWorkaround.Choose(cpuHasAvx512: true, userIsa, Probe(new ConvolutionError(Narrow, Precision.Float32, ConvolutionPart.InputGradient, 0.31)));
        Assert.True(turnOff);
        Assert.Contains("1 of 2", reason, StringComparison.Ordinal);
        Assert.Contains("5×5 12→24, padding 2, float32 input gradient: relative error 0.31", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnAvx512_WithoutAProbe_TheDecisionIsRefused() =>
        Assert.Throws<ArgumentNullException>(() => ConvolutionWorkaround.Choose(cpuHasAvx512: true, userIsa: null, probe: null));

    /// <summary>What start-up did on this machine agrees with the decision for its CPU and environment.</summary>
    [Fact]
    public void TheStartUpStep_FollowsTheDecision_OnThisMachine()
    {
        var report = TorchRuntime.Initialize().Convolutions;

        Assert.NotNull(report);
        var avx512 = System.Runtime.Intrinsics.X86.Avx512F.IsSupported;
        Assert.Equal(Environment.GetEnvironmentVariable(ConvolutionWorkaround.IsaVariable), report.UserIsa);
        Assert.Equal(ConvolutionWorkaround.NeedsProbe(avx512, report.UserIsa), report.Probe is not null);
        var (turnOff, _) = ConvolutionWorkaround.Choose(avx512, report.UserIsa, report.Probe);
        Assert.Equal(!turnOff, report.OneDnnConvolutions);
        Assert.Equal(report.OneDnnConvolutions, ConvolutionWorkaround.IsOneDnnEnabled());
        Assert.True(report.AfterWorkaround?.AllCorrect ?? report.Probe?.AllCorrect ?? true, report.ToString());
    }
}

/// <summary>The workaround's switch itself, which only machines that show the defect use at start-up.</summary>
public class OneDnnSwitchTests
{
    [Fact]
    public void TurningOneDnnOff_TakesEffect_AndConvolutionsStayRight()
    {
        var report = TorchRuntime.Initialize().Convolutions!;
        if (!OperatingSystem.IsLinux())
        {
            return;   // the switch is found by its Linux/macOS C++ name
        }

        try
        {
            Assert.True(ConvolutionWorkaround.SetOneDnnEnabled(false));
            Assert.False(ConvolutionWorkaround.IsOneDnnEnabled());
            var check = ConvolutionCheck.RunCore(ConvolutionWorkaround.ProbeShapes, [Precision.Float32], channelsLast: false);
            Assert.True(check.AllCorrect, check.ToString());
        }
        finally
        {
            ConvolutionWorkaround.SetOneDnnEnabled(report.OneDnnConvolutions);
        }

        Assert.Equal(report.OneDnnConvolutions, ConvolutionWorkaround.IsOneDnnEnabled());
    }
}
