namespace NinNotebooks.Training;

/// <summary>How images are prepared before they reach the model.</summary>
public enum Preprocessing
{
    /// <summary>Per-channel mean/std of the training split (<see cref="Data.ChannelNormalization"/>).</summary>
    Standardize,

    /// <summary>The paper's global contrast normalisation + ZCA whitening (<see cref="Data.GcnZcaWhitening"/>).</summary>
    GcnZca,
}
