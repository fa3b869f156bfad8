using NinNotebooks.Progress;

namespace NinNotebooks.Tests.Progress;

public class ProgressMeterTests
{
    [Fact]
    public void FastUpdates_AreThrottled_ButTheFirstAndFinalAlwaysGetThrough()
    {
        var recorder = new ProgressRecorder();
        var reports = recorder.Reports;
        var meter = new ProgressMeter(recorder, "work", 1000, "img", TimeSpan.FromHours(1));

        for (var i = 1; i <= 1000; i++)
        {
            meter.Report(i, $"step {i}");
        }

        Assert.Equal([1.0, 1000.0], reports.Select(r => r.Done));
        Assert.Equal("step 1000", reports[^1].Detail);
        Assert.True(reports[^1].IsComplete);
    }

    [Fact]
    public void NoSink_IsNeverDue_SoCallersSkipTheWorkOfAReport()
    {
        var silent = new ProgressMeter(null, "work", 10, "img", TimeSpan.Zero);
        var shown = new ProgressMeter(new ProgressRecorder(), "work", 10, "img", TimeSpan.Zero);

        silent.Report(10, force: true);

        Assert.False(silent.Due);
        Assert.True(shown.Due);
    }
}
