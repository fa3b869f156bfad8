using System.Globalization;
using System.Text;

namespace NinNotebooks.Training;

/// <summary>A short Markdown report of a finished run: setup, final and best accuracy, the paper's figures beside them, and every setting (<see cref="TrainingSettings.All"/>).</summary>
public static class TrainingReport
{
    /// <summary>The report for <paramref name="history"/> of a run with <paramref name="config"/> on a model of <paramref name="parameters"/> parameters.</summary>
    public static string Markdown(TrainingConfig config, TrainingHistory history, long parameters, string device)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(history);
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.Append(c, $"# Training report: {config.Model} on {history.Title}\n\n");
        if (history.IsSynthetic)
        {
            md.Append("> **SYNTHETIC data.** These images are the generated stand-in, not CIFAR; the accuracy says nothing about CIFAR.\n\n");
        }

        md.Append(c, $"- Recipe: {config.Recipe}; {(config.Optimizer == OptimizerKind.Sgd ? "SGD" : "Adam")} lr {config.LearningRate}, momentum {config.Momentum}, weight decay {config.WeightDecay}, {config.Schedule} schedule");
        if (config.Milestones.Count > 0)
        {
            md.Append(c, $" (÷10 after epochs {string.Join(", ", config.Milestones)})");
        }

        md.Append(c, $"\n- Epochs: {history.Epochs.Count} of {config.Epochs}, batch {config.BatchSize}, augmentation {(config.Augment ? "crop+flip" : "none")}, preprocessing {config.Preprocessing}, seed {config.Seed}\n");
        md.Append(c, $"- Model: {parameters:N0} parameters, {(config.BatchNorm ? "BatchNorm after every convolution" : "no BatchNorm")}; device: {device}\n");
        if (history.Last is { } last && history.Best is { } best)
        {
            md.Append(c, $"- Final test accuracy: **{Percent(last.TestAccuracy)}** (loss {last.TestLoss:0.0000}); best: {Percent(best.TestAccuracy)} at epoch {best.Epoch}\n");
            md.Append(c, $"- Training time: {history.Epochs.Sum(e => e.Seconds):0} s, {history.Epochs.Average(e => e.ImagesPerSecond):0} images/s on average\n");
        }

        var paper = PaperResults.For(config.Dataset);
        if (paper.Count > 0 && !history.IsSynthetic)
        {
            md.Append(c, $"\nThe paper (Lin, Chen and Yan 2014), test accuracy on {PaperResults.DisplayName(config.Dataset)}: {string.Join(", ", paper.Select(r => $"{Percent(r.TestAccuracy)} with {r.Setting}"))}.\n");
        }

        var (heading, notes) = config.Recipe switch
        {
            "paper" => ("Deviations from the authors' setup", TrainingConfig.PaperDeviations),
            "default" => ("Where the default recipe departs from the paper", TrainingConfig.DefaultRecipeDepartures),
            _ => ("", []),
        };
        if (notes.Count > 0)
        {
            md.Append(c, $"\n## {heading}\n\n");
            foreach (var note in notes)
            {
                md.Append(c, $"- {note}\n");
            }
        }

        // Every setting, from the one table that declares them, so that a new setting appears here without more code.
        md.Append("\n## Settings\n\n| setting | value | meaning |\n|---|---|---|\n");
        foreach (var setting in TrainingSettings.All.Where(s => s.Name != nameof(TrainingConfig.DataFingerprint)))
        {
            md.Append(c, $"| {setting.Name} | {setting.Format(config).Replace("|", "\\|", StringComparison.Ordinal)} | {setting.Description.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        md.Append("\n| epoch | train loss | train acc | test loss | test acc | lr | s | img/s |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var e in history.Epochs)
        {
            md.Append(c, $"| {e.Epoch} | {e.TrainLoss:0.0000} | {Percent(e.TrainAccuracy)} | {e.TestLoss:0.0000} | {Percent(e.TestAccuracy)} | {e.LearningRate:0.#####} | {e.Seconds:0.0} | {e.ImagesPerSecond:0} |\n");
        }

        return md.ToString();
    }

    /// <summary>A fraction as a percentage with two decimals and a space, e.g. 0.8959 → "89.59 %": the one format of every percentage the library prints.</summary>
    public static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:0.00} %");
}
