using NinNotebooks.Training;

namespace NinNotebooks.Tests.Training;

public class TrainingHistoryTests
{
    private static TrainingHistory Sample()
    {
        var history = new TrainingHistory("synthetic CIFAR-format", isSynthetic: true);
        history.Epochs.Add(new EpochRecord(1, 2.1, 0.25, 1.9, 0.30, 0.05, 12.5, 80.25));
        history.Epochs.Add(new EpochRecord(2, 1.5, 0.45, 1.4, 0.52, 0.01, 12.0, 81.5));
        history.Epochs.Add(new EpochRecord(3, 1.2, 0.55, 1.5, 0.50, 0.001, 12.0, 81.0));
        return history;
    }

    [Fact]
    public void Best_IsTheHighestTestAccuracy_AndTitleSaysSynthetic()
    {
        var history = Sample();

        Assert.Equal(2, history.Best!.Epoch);
        Assert.Equal(3, history.Last!.Epoch);
        Assert.Equal("synthetic CIFAR-format (SYNTHETIC data)", history.Title);
    }

    [Fact]
    public void Json_RoundTripsExactly()
    {
        var history = Sample();

        var back = TrainingHistory.FromJson(history.ToJson());

        Assert.Equal(history.Epochs, back.Epochs);
        Assert.True(back.IsSynthetic);
        Assert.Equal(history.Dataset, back.Dataset);
    }

    [Fact]
    public void Csv_HasAHeaderAndOneRowPerEpoch()
    {
        var lines = Sample().ToCsv().TrimEnd().Split('\n');

        Assert.Equal("epoch,train_loss,train_accuracy,test_loss,test_accuracy,learning_rate,seconds,images_per_second", lines[0]);
        Assert.Equal("1,2.1,0.25,1.9,0.3,0.05,12.5,80.25", lines[1]);
        Assert.Equal(4, lines.Length);
    }
}
