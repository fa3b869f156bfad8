using NinNotebooks.Training;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Training;

public class FullBatchTests
{
    [Fact]
    public void Fit_LowersTheLossAndAccuracyCountsCorrectAnswers()
    {
        manual_seed(0);
        using var inputs = randn(200, 4);
        using var labels = (inputs[.., 0] > 0).to(ScalarType.Int64);
        using var model = nn.Linear(4, 2);
        var losses = FullBatch.Fit(model, inputs, labels, steps: 100, learningRate: 0.05);
        Assert.Equal(100, losses.Count);
        Assert.True(losses[^1] < losses[0] / 2, $"loss {losses[0]} -> {losses[^1]}");
        Assert.InRange(FullBatch.Accuracy(model, inputs, labels), 0.95, 1.0);
        using var wrong = 1 - labels;
        Assert.InRange(FullBatch.Accuracy(model, inputs, wrong), 0.0, 0.05);
        Assert.Throws<ArgumentOutOfRangeException>(() => FullBatch.Fit(model, inputs, labels, steps: 0));
    }
}
