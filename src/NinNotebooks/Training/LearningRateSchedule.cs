namespace NinNotebooks.Training;

/// <summary>
/// The learning rate as a pure function of the position in training (epoch and batch), so a run resumed from a
/// checkpoint continues with exactly the rates it would have had. Rates change per batch.
/// </summary>
public static class LearningRateSchedule
{
    // One-cycle (Smith & Topin 2019, with PyTorch's OneCycleLR defaults): the rate starts at base/25, rises to base at
    // 30 % of the run (OneCyclePeak is that fraction of the run, not a rate), and anneals to base/25/10⁴ at the end.
    private const double OneCycleStart = 1 / 25.0, OneCycleEnd = OneCycleStart / 1e4, OneCyclePeak = 0.3;

    /// <summary>The factor on <see cref="TrainingConfig.LearningRate"/> for batch <paramref name="batch"/> of epoch <paramref name="epoch"/> (both 0-based).</summary>
    public static double Factor(TrainingConfig config, int epoch, int batch, int batchesPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(config);
        var t = epoch + ((double)batch / batchesPerEpoch);               // epochs done, fractional
        var progress = t / config.Epochs;
        var factor = config.Schedule switch
        {
            ScheduleKind.Constant => 1,
            ScheduleKind.Step => Math.Pow(config.StepFactor, config.Milestones.Count(m => epoch >= m)),
            ScheduleKind.Cosine => 0.5 * (1 + Math.Cos(Math.PI * progress)),
            ScheduleKind.OneCycle => progress < OneCyclePeak
                ? Anneal(OneCycleStart, 1, progress / OneCyclePeak)
                : Anneal(1, OneCycleEnd, (progress - OneCyclePeak) / (1 - OneCyclePeak)),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Schedule, "Unknown schedule."),
        };

        if (config.WarmupEpochs > 0 && t < config.WarmupEpochs)
        {
            factor *= (t + (1.0 / batchesPerEpoch)) / config.WarmupEpochs;
        }

        return factor;
    }

    /// <summary>Cosine interpolation from <paramref name="from"/> to <paramref name="to"/> as <paramref name="fraction"/> goes 0 → 1.</summary>
    private static double Anneal(double from, double to, double fraction) =>
        to + ((from - to) * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(fraction, 0, 1))));
}
