using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NinNotebooks.Training;

/// <summary>
/// The per-epoch record of a training run, with what it was trained on. It serialises to JSON and CSV and is what
/// the charts plot.
/// </summary>
public sealed class TrainingHistory
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>An empty history for a run on <paramref name="dataset"/>.</summary>
    public TrainingHistory(string dataset, bool isSynthetic)
    {
        Dataset = dataset;
        IsSynthetic = isSynthetic;
    }

    /// <summary>The dataset trained on, e.g. "CIFAR-10" or "synthetic CIFAR-format".</summary>
    public string Dataset { get; init; }

    /// <summary>True when trained on the synthetic stand-in.</summary>
    public bool IsSynthetic { get; init; }

    /// <summary>One record per completed epoch, in order.</summary>
    public List<EpochRecord> Epochs { get; init; } = [];

    /// <summary>The epoch with the highest test accuracy, or null before any epoch.</summary>
    public EpochRecord? Best => Epochs.Count == 0 ? null : Epochs.MaxBy(e => e.TestAccuracy);

    /// <summary>The last epoch, or null before any epoch.</summary>
    public EpochRecord? Last => Epochs.Count == 0 ? null : Epochs[^1];

    /// <summary>A title for charts and reports, marked when the data was synthetic.</summary>
    public string Title => IsSynthetic ? $"{Dataset} (SYNTHETIC data)" : Dataset;

    /// <summary>The history as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a history written by <see cref="ToJson"/>.</summary>
    public static TrainingHistory FromJson(string json) =>
        JsonSerializer.Deserialize<TrainingHistory>(json, Json) ?? throw new InvalidDataException("The training history JSON is empty.");

    /// <summary>The history as CSV with a header row; numbers use '.' as decimal point.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("epoch,train_loss,train_accuracy,test_loss,test_accuracy,learning_rate,seconds,images_per_second\n");
        foreach (var e in Epochs)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{e.Epoch},{e.TrainLoss:R},{e.TrainAccuracy:R},{e.TestLoss:R},{e.TestAccuracy:R},{e.LearningRate:R},{e.Seconds:R},{e.ImagesPerSecond:R}\n");
        }

        return csv.ToString();
    }
}
