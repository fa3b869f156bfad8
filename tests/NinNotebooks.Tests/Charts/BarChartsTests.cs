using NinNotebooks.Charts;
using Xunit;

namespace NinNotebooks.Tests.Charts;

public class BarChartsTests
{
    [Fact]
    public void Bars_ShowsEachValueWithItsLabel()
    {
        var figure = ChartJson.Of(BarCharts.Bars("params", ["direct", "bottleneck"], [590_080, 164_160], "parameters", logScale: true));
        var trace = ChartJson.Traces(figure)[0];
        Assert.Equal(["direct", "bottleneck"], trace.GetProperty("x").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["590,080", "164,160"], trace.GetProperty("text").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("log", figure.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("params", ChartJson.Title(figure));
    }

    [Fact]
    public void Bars_NeedOneValuePerLabel() =>
        Assert.Contains("2 labels, 1 values", Assert.Throws<ArgumentException>(() => BarCharts.Bars("t", ["a", "b"], [1], "v")).Message, StringComparison.Ordinal);
}
