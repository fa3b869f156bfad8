namespace NinNotebooks.Tests.Cli.Commands;

public class DoctorCommandTests
{
    [Fact]
    public void OnAWorkingMachine_PrintsTheReportAndSucceeds()
    {
        var result = Nin.Run("doctor");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("nin doctor", result.OutputLines[0]);
        Assert.StartsWith("OK: TorchSharp works on this machine", result.OutputLines[^1]);
        Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith("Compatibility step", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith("CUDA", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith("Threads", StringComparison.Ordinal));
    }
}
