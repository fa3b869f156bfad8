using NinNotebooks.Setup;

namespace NinNotebooks.Tests.Setup;

public class DoctorReportTests
{
    [Fact]
    public void Collect_OnAWorkingMachine_IsHealthyAndReportsEverythingAsked()
    {
        var report = DoctorReport.Collect();

        var labels = report.Facts.Select(f => f.Key).ToList();
        Assert.True(report.Healthy, report.ToString());
        Assert.StartsWith("OK: TorchSharp works on this machine", report.Verdict);
        Assert.Equal(
            ["OS", ".NET", "TorchSharp", "libtorch", "LibTorchSharp", "libtorch binding", "Compatibility step", "FSharp.Core", "Zeroed memory", "Backend", "CUDA", "Threads", "CPU", "Allocator", "Convolutions", "Smoke test (cpu)", "Convolution check"],
            labels.Where(l => l is not ("" or "libstdc++")));
        Assert.Equal(TorchRuntime.Initialize().Compatibility.Summary, report.Facts.Single(f => f.Key == "Compatibility step").Value);
        Assert.Equal(FSharpCoreCompatibility.Ensure().ToString(), report.Facts.Single(f => f.Key == "FSharp.Core").Value);
        Assert.Equal("conv forward + backward: ok", report.Facts.Single(f => f.Key == "Smoke test (cpu)").Value);
        Assert.Contains(TorchRuntime.Initialize().CudaAvailable ? "available" : "not available", report.Facts.Single(f => f.Key == "CUDA").Value, StringComparison.Ordinal);
        Assert.Equal(TorchRuntime.Initialize().Convolutions!.ToString(), report.Facts.Single(f => f.Key == "Convolutions").Value);
        Assert.StartsWith("all 36 convolutions agree with float64", report.Facts.Single(f => f.Key == "Convolution check").Value, StringComparison.Ordinal);
        Assert.StartsWith(CpuFeatures.Describe(), report.Facts.Single(f => f.Key == "CPU").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_ListsFactsAlignedThenTheVerdict()
    {
        var report = DoctorReport.Collect();
        var lines = report.ToString().Split('\n');

        Assert.Equal("nin doctor", lines[0]);
        Assert.Equal(report.Verdict, lines[^1]);
        var width = report.Facts.Max(f => f.Key.Length) + 2;
        Assert.All(report.Facts, f => Assert.Contains($"  {f.Key.PadRight(width)}{f.Value}", lines));
        Assert.Contains(lines, l => l.StartsWith("  TorchSharp ", StringComparison.Ordinal) && l.Contains(RepositoryPaths.PinnedVersion("TorchSharp"), StringComparison.Ordinal));
    }
}
