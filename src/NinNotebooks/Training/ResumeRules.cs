using NinNotebooks.Data;

namespace NinNotebooks.Training;

/// <summary>
/// What a resumed run may change: each setting's <see cref="TrainingSetting.Resume"/> rule, and the data, which must be
/// those the checkpoint recorded.
/// </summary>
public static class ResumeRules
{
    /// <summary>The settings a resumed run may change (epochs, device, precision and layout), as named in <see cref="TrainingSettings.All"/>.</summary>
    public static IReadOnlyList<TrainingSetting> MayChange { get; } =
        [.. TrainingSettings.All.Where(s => s.Resume == ResumeRule.MayChange && s.Name != nameof(TrainingConfig.DataFingerprint))];

    /// <summary>
    /// The settings in which a run's stored configuration and the one it is resumed with differ, leaving out those that
    /// may change on resume (<see cref="ResumeRule.MayChange"/>) and those the checkpoint did not record
    /// (<see cref="ResumeRule.MustMatchWhenRecorded"/>), with both values as JSON text ("(none)" for null). The data
    /// themselves are compared by <see cref="DataDifferences"/>.
    /// </summary>
    public static IReadOnlyList<(TrainingSetting Setting, string Stored, string Current)> Differences(TrainingConfig stored, TrainingConfig current)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(current);
        return
        [
            .. stored.Differences(current)
                .Select(d => (Setting: TrainingSettings.Setting(d.Name), d.Stored, d.Current))
                .Where(d => d.Setting.Resume switch
                {
                    ResumeRule.MayChange => false,
                    ResumeRule.MustMatchWhenRecorded => d.Setting.Get(stored) is not null,
                    _ => true,
                }),
        ];
    }

    /// <summary>
    /// How the data a run is resumed on differ from those its checkpoint recorded (see <see cref="DataFingerprint.Differences"/>),
    /// e.g. "training images 300 → 500"; empty when they agree, and when either configuration records no data (a
    /// checkpoint written before the data were recorded, or splits made in memory): those cannot be compared.
    /// </summary>
    public static IReadOnlyList<string> DataDifferences(TrainingConfig stored, TrainingConfig current)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(current);
        return stored.DataFingerprint is { } before && current.DataFingerprint is { } now ? before.Differences(now) : [];
    }

    /// <summary>
    /// Refuses a checkpoint made with other settings or on other data than <paramref name="current"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint at <paramref name="path"/> was made with other settings or on other data (the message lists them).</exception>
    public static void Check(string path, TrainingConfig stored, TrainingConfig current)
    {
        var differences = Differences(stored, current);
        if (differences.Count > 0)
        {
            throw new InvalidDataException(
                $"{path}: the checkpoint was made with other training settings ({string.Join(", ", differences.Select(d => $"{d.Setting.Name} {d.Stored}, now {d.Current}"))}); " +
                $"resume with the same settings (only {string.Join(", ", MayChange.Select(s => s.Name))} may change).");
        }

        if (DataDifferences(stored, current) is { Count: > 0 } changes)
        {
            throw new InvalidDataException($"{path}: the data differ from the run's: {string.Join("; ", changes)}. Resume on the data the run was trained on.");
        }
    }
}
