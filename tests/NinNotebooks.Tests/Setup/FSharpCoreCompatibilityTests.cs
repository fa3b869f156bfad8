using NinNotebooks.Setup;

namespace NinNotebooks.Tests.Setup;

/// <summary>
/// The step in a host whose FSharp.Core is new enough (this test host has Plotly.NET's own 10.1). In a host with the
/// kernel's FSharp.Core 10.0 the notebook runner's tests show it at work (NotebookRunnerTests, charts).
/// </summary>
public class FSharpCoreCompatibilityTests
{
    [Fact]
    public void InAHostWithANewEnoughFSharpCore_NothingIsInstalled_AndItIsSaidOnce()
    {
        var report = FSharpCoreCompatibility.Ensure();

        Assert.False(report.Redirected);
        Assert.Equal(typeof(Microsoft.FSharp.Core.Unit).Assembly.GetName().Version, report.Loaded);
        Assert.Equal(new Version(10, 1, 0, 0), report.Wanted);
        Assert.Same(report, FSharpCoreCompatibility.Ensure());
        Assert.Same(report, TorchRuntime.Initialize().FSharpCore);
    }

    [Fact]
    public void TheReport_SaysWhatWasFoundAndDone()
    {
        Version old = new(10, 0, 0, 0), wanted = new(10, 1, 0, 0);

        Assert.Equal("FSharp.Core 10.0.0.0 loaded; Plotly.NET asks for 10.1.0.0, so such requests are given 10.0.0.0", new FSharpCoreReport(old, wanted, true).ToString());
        Assert.Equal("FSharp.Core 10.0.0.0 loaded; Plotly.NET is not loaded yet, so requests for a newer FSharp.Core will be given 10.0.0.0", new FSharpCoreReport(old, null, true).ToString());
        Assert.Equal("FSharp.Core 10.1.0.0 loaded, as new as Plotly.NET asks (10.1.0.0); nothing to do", new FSharpCoreReport(wanted, wanted, false).ToString());
        Assert.Equal("no FSharp.Core can be loaded, and Plotly.NET asks for 10.1.0.0: charts will fail", new FSharpCoreReport(null, wanted, false).ToString());
    }
}
