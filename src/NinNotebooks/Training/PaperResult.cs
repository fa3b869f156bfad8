namespace NinNotebooks.Training;

/// <summary>One test error the NiN paper (Lin, Chen and Yan 2014) reports.</summary>
/// <param name="Dataset">The dataset's name in this package: cifar10, cifar100, svhn or mnist.</param>
/// <param name="Setting">What was trained, in words, e.g. "no augmentation" or "mlpconv + GAP".</param>
/// <param name="TestError">The test error as a fraction (0.1041 for 10.41 %).</param>
public sealed record PaperResult(string Dataset, string Setting, double TestError)
{
    /// <summary>The test accuracy, 1 − <see cref="TestError"/>.</summary>
    public double TestAccuracy => 1 - TestError;
}
