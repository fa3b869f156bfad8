using NinNotebooks.Setup;
using NinNotebooks.Training;

namespace NinNotebooks.Tests.Setup;

/// <summary>
/// The start-up decision as a function of what the probe saw: a pure function, so both routes are tested on any machine,
/// whether or not its CPU shows the defect.
/// </summary>
public class ConvolutionWorkaroundTests
{
    private static readonly ConvolutionShape Narrow = new(5, 12, 24, Padding: 2);

    private static ConvolutionCheckResult Probe(params ConvolutionError[] wrong) =>
        new([Narrow, new(3, 3, 10, Padding: 1)], [Precision.Float32], new Dictionary<Precision, double> { [Precision.Float32] = 1e-4 }, wrong, wrong);

    [Fact]
    public void ARightProbe_KeepsOneDnn()
    {
        var (turnOff, reason) = ConvolutionWorkaround.Choose(Probe());
        Assert.False(turnOff);
        Assert.Equal("the 2 convolutions where the defect was seen agree with float64 here", reason);
    }

    [Fact]
    public void AWrongProbe_TurnsOneDnnOff_AndSaysWhichShape()
    {
        var (turnOff, reason) = ConvolutionWorkaround.Choose(Probe(new ConvolutionError(Narrow, Precision.Float32, ConvolutionPart.InputGradient, 0.31)));
        Assert.True(turnOff);
        Assert.Contains("1 of 2", reason, StringComparison.Ordinal);
        Assert.Contains("5×5 12→24, padding 2, float32 input gradient: relative error 0.31", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAProbe_TheDecisionIsRefused() =>
        Assert.Throws<ArgumentNullException>(() => ConvolutionWorkaround.Choose(null!));

    /// <summary>What start-up did on this machine agrees with the decision for what its probe saw, on any CPU.</summary>
    [Fact]
    public void TheStartUpStep_FollowsTheDecision_OnThisMachine()
    {
        var report = TorchRuntime.Initialize().Convolutions;

        Assert.NotNull(report);
        Assert.Equal(Environment.GetEnvironmentVariable(ConvolutionWorkaround.IsaVariable), report.UserIsa);
        Assert.Equal(ConvolutionWorkaround.ProbeShapes, report.Probe.Shapes);
        var (turnOff, _) = ConvolutionWorkaround.Choose(report.Probe);
        Assert.Equal(!turnOff, report.OneDnnConvolutions);
        Assert.Equal(report.OneDnnConvolutions, ConvolutionWorkaround.IsOneDnnEnabled());
        Assert.True(report.AfterWorkaround?.AllCorrect ?? report.Probe.AllCorrect, report.ToString());
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
