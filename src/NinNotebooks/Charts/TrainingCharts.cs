using System.Globalization;
using NinNotebooks.Training;
using Plotly.NET;

namespace NinNotebooks.Charts;

/// <summary>Curves of a training run: accuracy, loss and learning rate per epoch.</summary>
public static class TrainingCharts
{
    /// <summary>
    /// Train (dashed) and test (solid) accuracy per epoch, in percent, for one or more runs; the gap between a run's
    /// two curves is its overfitting.
    /// </summary>
    public static GenericChart Accuracy(params (string Label, TrainingHistory History)[] runs) =>
        Curves(runs, "accuracy (%)", e => e.TrainAccuracy * 100, e => e.TestAccuracy * 100);

    /// <summary>Train (dashed) and test (solid) loss per epoch for one or more runs.</summary>
    public static GenericChart Loss(params (string Label, TrainingHistory History)[] runs) =>
        Curves(runs, "cross-entropy loss", e => e.TrainLoss, e => e.TestLoss);

    /// <summary>The learning rate over training, batch by batch, as <see cref="LearningRateSchedule"/> sets it.</summary>
    /// <param name="config">The schedule, warm-up, epochs and base rate.</param>
    /// <param name="batchesPerEpoch">Batches in one epoch (images / batch size, rounded up).</param>
    public static GenericChart LearningRate(TrainingConfig config, int batchesPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchesPerEpoch, 1);
        var step = Math.Max(1, config.Epochs * batchesPerEpoch / 500);
        var x = new List<double>();
        var y = new List<double>();
        for (var i = 0; i < config.Epochs * batchesPerEpoch; i += step)
        {
            x.Add((double)i / batchesPerEpoch);
            y.Add(config.LearningRate * LearningRateSchedule.Factor(config, i / batchesPerEpoch, i % batchesPerEpoch, batchesPerEpoch));
        }

        var trace = Figure.Trace("scatter", ("x", x), ("y", y), ("mode", "lines"), ("name", "learning rate"));
        return Figure.Create([trace], string.Create(CultureInfo.InvariantCulture, $"Learning rate: {config.Schedule.ToString().ToLowerInvariant()} schedule") +
            (config.WarmupEpochs > 0 ? string.Create(CultureInfo.InvariantCulture, $", {config.WarmupEpochs} warm-up epoch(s)") : ""),
            ("xaxis", Figure.Axis("epoch")), ("yaxis", Figure.Axis("learning rate")));
    }

    private static GenericChart Curves((string Label, TrainingHistory History)[] runs, string yTitle,
        Func<EpochRecord, double> train, Func<EpochRecord, double> test)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Length == 0)
        {
            throw new ArgumentException("Give at least one (label, history) pair.", nameof(runs));
        }

        var traces = new List<Trace>();
        for (var i = 0; i < runs.Length; i++)
        {
            var (label, history) = runs[i];
            ArgumentNullException.ThrowIfNull(history, nameof(runs));
            var epochs = history.Epochs.Select(e => e.Epoch).ToArray();
            var color = Palette[i % Palette.Length];
            traces.Add(Curve($"{label} train", epochs, history.Epochs.Select(train), color, "dash"));
            traces.Add(Curve($"{label} test", epochs, history.Epochs.Select(test), color, "solid"));
        }

        var data = runs[0].History.Title;
        return Figure.Create(traces, $"{char.ToUpperInvariant(yTitle[0])}{yTitle[1..]} per epoch on {data}",
            ("xaxis", Figure.Axis("epoch", ("dtick", 1))), ("yaxis", Figure.Axis(yTitle)));
    }

    private static Trace Curve(string name, int[] epochs, IEnumerable<double> values, string color, string dash) =>
        Figure.Trace("scatter", ("x", epochs), ("y", values.ToArray()), ("name", name), ("mode", "lines+markers"),
            ("line", new Dictionary<string, object> { ["color"] = color, ["dash"] = dash }));

    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];
}
