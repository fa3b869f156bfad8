using NinNotebooks.Analysis;
using Xunit;

namespace NinNotebooks.Tests.Analysis;

public class TimingTests
{
    [Fact]
    public void Measure_RunsWarmupThenTimedRunsAndReportsTheMedian()
    {
        var calls = 0;
        var timing = Timing.Measure(() => calls++, runs: 5, warmup: 3);
        Assert.Equal(8, calls);
        Assert.Equal(5, timing.Runs);
        Assert.InRange(timing.MinMilliseconds, 0, timing.MedianMilliseconds);
    }

    [Fact]
    public void Measure_RefusesNoRuns() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Timing.Measure(() => { }, runs: 0));
}
