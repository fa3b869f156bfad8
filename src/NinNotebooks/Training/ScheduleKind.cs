namespace NinNotebooks.Training;

/// <summary>How the learning rate changes over training (see <see cref="LearningRateSchedule"/>).</summary>
public enum ScheduleKind
{
    /// <summary>The same learning rate throughout.</summary>
    Constant,

    /// <summary>Multiplied by <see cref="TrainingConfig.StepFactor"/> (÷10) at each milestone epoch, as the authors did by hand.</summary>
    Step,

    /// <summary>Cosine decay from the base rate to 0 over all epochs.</summary>
    Cosine,

    /// <summary>One-cycle: a cosine ramp from base/25 up to the base rate over the first 30 %, then down to nearly 0.</summary>
    OneCycle,
}
