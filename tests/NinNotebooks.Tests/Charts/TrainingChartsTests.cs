using NinNotebooks.Charts;
using NinNotebooks.Training;
using Xunit;

namespace NinNotebooks.Tests.Charts;

public class TrainingChartsTests
{
    private static TrainingHistory History(bool synthetic = false) => new("cifar10", synthetic)
    {
        Epochs =
        [
            new(1, 2.0, 0.30, 1.9, 0.35, 0.001, 10, 100),
            new(2, 1.5, 0.50, 1.6, 0.45, 0.0005, 10, 100),
        ],
    };

    [Fact]
    public void Accuracy_DrawsTrainAndTestInPercentPerRun()
    {
        var figure = ChartJson.Of(TrainingCharts.Accuracy(("GAP", History()), ("FC", History())));
        var traces = ChartJson.Traces(figure);
        Assert.Equal(["GAP train", "GAP test", "FC train", "FC test"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([30.0, 50.0], traces[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([35.0, 45.0], traces[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([1, 2], traces[1].GetProperty("x").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal("dash", traces[0].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal(traces[0].GetProperty("line").GetProperty("color").GetString(), traces[1].GetProperty("line").GetProperty("color").GetString());
        Assert.NotEqual(traces[0].GetProperty("line").GetProperty("color").GetString(), traces[2].GetProperty("line").GetProperty("color").GetString());
    }

    [Fact]
    public void Titles_SaySyntheticWhenTheDataIs()
    {
        Assert.Contains("SYNTHETIC", ChartJson.Title(ChartJson.Of(TrainingCharts.Loss(("run", History(synthetic: true))))), StringComparison.Ordinal);
        Assert.DoesNotContain("SYNTHETIC", ChartJson.Title(ChartJson.Of(TrainingCharts.Loss(("run", History())))), StringComparison.Ordinal);
    }

    [Fact]
    public void Loss_PlotsTheLosses()
    {
        var traces = ChartJson.Traces(ChartJson.Of(TrainingCharts.Loss(("run", History()))));
        Assert.Equal([2.0, 1.5], traces[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([1.9, 1.6], traces[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void Curves_WithoutRuns_AreRefused() =>
        Assert.Throws<ArgumentException>(() => TrainingCharts.Accuracy());

    [Fact]
    public void LearningRate_FollowsTheSchedule()
    {
        var config = TrainingConfig.Paper();
        var trace = ChartJson.Traces(ChartJson.Of(TrainingCharts.LearningRate(config, batchesPerEpoch: 391)))[0];
        var x = trace.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var y = trace.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.InRange(x.Length, 400, 600);
        Assert.Equal(0.1, y[0], 10);
        Assert.Equal(0.01, y[Array.FindIndex(x, e => e >= 210)], 10);
        Assert.Equal(0.001, y[^1], 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingCharts.LearningRate(config, 0));
    }
}
