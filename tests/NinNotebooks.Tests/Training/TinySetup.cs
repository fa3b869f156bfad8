using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Training;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Training;

/// <summary>A small NiN and a few hundred synthetic images: enough to exercise the trainer in seconds on a CPU.</summary>
internal static class TinySetup
{
    public static NinConfig Config { get; } = new("nin-tiny", 3, 32, 10,
    [
        new(5, 2, [16, 12, 12], NinPool.Max, 0.5),
        new(5, 2, [24, 24, 24], NinPool.Max, 0.5),
        new(3, 1, [24, 24, 10]),
    ]);

    public static nn.Module<Tensor, Tensor> Model() => new NiN(Config);

    public static DatasetSplits Data(int train = 192, int test = 64)
    {
        var (trainImages, trainLabels) = SyntheticCifar.Generate(train, seed: 21);
        var (testImages, testLabels) = SyntheticCifar.Generate(test, seed: 22);
        return new DatasetSplits(
            "synthetic CIFAR-format",
            new ImageDataset("synthetic train", trainImages, trainLabels, SyntheticCifar.ClassNames, isSynthetic: true),
            new ImageDataset("synthetic test", testImages, testLabels, SyntheticCifar.ClassNames, isSynthetic: true));
    }

    public static TrainingConfig Training(int epochs = 2) => new()
    {
        Model = "nin-tiny",
        Dataset = "synthetic",
        BatchNorm = false,
        Epochs = epochs,
        BatchSize = 32,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 0.002,
        WeightDecay = 1e-4,
        Schedule = ScheduleKind.Cosine,
        Augment = true,
        Device = "cpu",
        Seed = 5,
    };
}
