using NinNotebooks.Progress;

namespace NinNotebooks.Tests.Progress;

public class ProgressUpdateTests
{
    [Fact]
    public void Bytes_ShowAmountRateAndEta()
    {
        var update = new ProgressUpdate("download x", 12_000_000, 162_000_000, "B", TimeSpan.FromSeconds(4));

        Assert.Equal(12_000_000 / 162_000_000.0, update.Fraction!.Value, 9);
        Assert.Equal(3_000_000, update.Rate);
        Assert.Equal(TimeSpan.FromSeconds(50), update.Remaining);
        Assert.Equal("12.0 MB / 162.0 MB  3.0 MB/s  ETA 0:50", update.Figures());
    }

    [Fact]
    public void OtherUnits_AndDetail_AndCompletion()
    {
        var update = new ProgressUpdate("epoch 1/3", 640, 640, "img", TimeSpan.FromSeconds(3725), "loss 1.234");

        Assert.True(update.IsComplete);
        Assert.Equal("640 img / 640 img  0.2 img/s  in 1:02:05  loss 1.234", update.Figures());
    }

    [Fact]
    public void UnknownTotal_HasNoFractionOrEta()
    {
        var update = new ProgressUpdate("x", 10, null, "batch", TimeSpan.Zero);

        Assert.Null(update.Fraction);
        Assert.Null(update.Remaining);
        Assert.Equal("10 batch  0 batch/s", update.Figures());
    }
}
