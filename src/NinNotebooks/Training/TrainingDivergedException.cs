namespace NinNotebooks.Training;

/// <summary>The loss became NaN, infinite or larger than <see cref="TrainingConfig.MaxLoss"/>; training stopped.</summary>
/// <param name="epoch">The epoch (1-based) in which the loss went bad.</param>
/// <param name="batch">The batch (1-based) whose loss went bad.</param>
/// <param name="loss">The bad loss value.</param>
/// <param name="advice">What to try, appended to the message.</param>
public sealed class TrainingDivergedException(int epoch, int batch, double loss, string advice)
    : InvalidOperationException($"Training diverged in epoch {epoch}, batch {batch}: the loss was {loss.ToString(System.Globalization.CultureInfo.InvariantCulture)}. {advice}")
{
    /// <summary>The epoch (1-based) in which the loss went bad.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>The batch (1-based) whose loss went bad.</summary>
    public int Batch { get; } = batch;

    /// <summary>The bad loss value.</summary>
    public double Loss { get; } = loss;
}
