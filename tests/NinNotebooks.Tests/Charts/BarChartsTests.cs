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

public class ScatterChartsTests
{
    [Fact]
    public void Panels_PutEachPointSetOnItsOwnAxes()
    {
        using var a = TorchSharp.torch.tensor(new float[] { 0, 1, 2, 3 }).reshape(2, 2);
        using var b = TorchSharp.torch.tensor(new float[] { 4, 5, 6, 7, 8, 9 }).reshape(3, 2);

        var figure = ChartJson.Of(ScatterCharts.Panels("spirals", [a, b], ["m = 2", "m = 30"]));
        var traces = ChartJson.Traces(figure);

        Assert.Equal("spirals", ChartJson.Title(figure));
        Assert.Equal([0.0, 2.0], traces[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([5.0, 7.0, 9.0], traces[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("x2", traces[1].GetProperty("xaxis").GetString());
        Assert.Equal("m = 30", figure.GetProperty("layout").GetProperty("xaxis2").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(2, figure.GetProperty("layout").GetProperty("grid").GetProperty("columns").GetInt32());
    }

    [Fact]
    public void Panels_NeedPointsInThePlane()
    {
        using var wrong = TorchSharp.torch.zeros(3, 3);

        Assert.Contains("should be N × 2", Assert.Throws<ArgumentException>(() => ScatterCharts.Panels("t", [wrong], ["a"])).Message, StringComparison.Ordinal);
    }
}
