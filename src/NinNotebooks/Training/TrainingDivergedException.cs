namespace NinNotebooks.Training;

/// <summary>The loss became NaN, infinite or larger than <see cref="TrainingConfig.MaxLoss"/>; training stopped.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="epoch"/> (1-based) and <paramref name="batch"/> (1-based).</summary>
    public TrainingDivergedException(int epoch, int batch, double loss, string advice)
        : base($"Training diverged in epoch {epoch}, batch {batch}: the loss was {loss.ToString(System.Globalization.CultureInfo.InvariantCulture)}. {advice}")
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
    }

    /// <summary>The epoch (1-based) in which the loss went bad.</summary>
    public int Epoch { get; }

    /// <summary>The batch (1-based) whose loss went bad.</summary>
    public int Batch { get; }

    /// <summary>The bad loss value.</summary>
    public double Loss { get; }
}
