namespace NinNotebooks.Training;

/// <summary>One epoch of a training history.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch (with dropout and augmentation on).</param>
/// <param name="TrainAccuracy">Training accuracy over the epoch, in [0, 1].</param>
/// <param name="TestLoss">Mean test loss (eval mode).</param>
/// <param name="TestAccuracy">Test accuracy, in [0, 1].</param>
/// <param name="LearningRate">Base learning rate at the end of the epoch.</param>
/// <param name="Seconds">Wall time of the epoch, training and evaluation.</param>
/// <param name="ImagesPerSecond">Training throughput (training images / training time).</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double LearningRate,
    double Seconds,
    double ImagesPerSecond);
