using System.Globalization;
using System.Text;

namespace NinNotebooks.Training;

/// <summary>
/// The test errors reported by Lin, Chen and Yan (2014), "Network in Network": NiN on its four datasets (the
/// paper's Tables 1 to 4) and its comparison of heads on CIFAR-10 (Table 5), and a Markdown table that puts a run's
/// result beside them in the same units.
/// </summary>
/// <remarks>Taught in notebooks/06-training-nin.ipynb.</remarks>
public static class PaperResults
{
    /// <summary>NiN's best test error on each dataset; CIFAR-10 twice, without and with augmentation.</summary>
    public static IReadOnlyList<PaperResult> Datasets { get; } =
    [
        new("cifar10", "no augmentation", 0.1041),
        new("cifar10", "translation + flip", 0.0881),
        new("cifar100", "no augmentation", 0.3568),
        new("svhn", "no augmentation", 0.0235),
        new("mnist", "no augmentation", 0.0047),
    ];

    /// <summary>
    /// The paper's comparison of heads on the same mlpconv body (CIFAR-10, no augmentation): fully connected layers,
    /// fully connected layers with dropout, and global average pooling.
    /// </summary>
    public static IReadOnlyList<PaperResult> Heads { get; } =
    [
        new("cifar10", "mlpconv + fully connected", 0.1159),
        new("cifar10", "mlpconv + fully connected + dropout", 0.1088),
        new("cifar10", "mlpconv + global average pooling", 0.1041),
    ];

    /// <summary>The dataset's name as the paper writes it.</summary>
    public static string DisplayName(string dataset) => dataset switch
    {
        "cifar10" => "CIFAR-10",
        "cifar100" => "CIFAR-100",
        "svhn" => "SVHN",
        "mnist" => "MNIST",
        _ => dataset,
    };

    /// <summary>The paper's rows for <paramref name="dataset"/> (a name in this package, e.g. "cifar10"); none for data the paper did not use.</summary>
    public static IReadOnlyList<PaperResult> For(string dataset) => [.. Datasets.Where(r => r.Dataset == dataset)];

    /// <summary>
    /// The paper's row that a run on <paramref name="dataset"/> compares with (for CIFAR-10, the row with or without
    /// augmentation, as <paramref name="augmented"/> says); null for data the paper has no row for.
    /// </summary>
    public static PaperResult? ComparedWith(string dataset, bool augmented)
    {
        var rows = For(dataset);
        return rows.Count > 1 ? rows.Single(r => r.Setting == (augmented ? "translation + flip" : "no augmentation")) : rows.SingleOrDefault();
    }

    /// <summary>
    /// A Markdown table of <see cref="Datasets"/> (test error and accuracy) with this run's result beside the row it
    /// compares with: the row of <paramref name="dataset"/> (for CIFAR-10, the row with or without augmentation,
    /// as <paramref name="augmented"/> says). A run on data the paper has no row for (the synthetic stand-in) gets a
    /// row of its own, marked as not comparable.
    /// </summary>
    /// <param name="dataset">The run's dataset name (cifar10, cifar100, mnist, synthetic, ...).</param>
    /// <param name="augmented">Whether the run used translation + flip augmentation.</param>
    /// <param name="testAccuracy">The run's test accuracy as a fraction.</param>
    public static string Markdown(string dataset, bool augmented, double testAccuracy)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var compared = ComparedWith(dataset, augmented);
        var run = $"{TrainingReport.Percent(1 - testAccuracy)} | {TrainingReport.Percent(testAccuracy)}";
        var md = new StringBuilder("| dataset | setting | paper: error | paper: accuracy | this run: error | this run: accuracy |\n|---|---|---:|---:|---:|---:|\n");
        foreach (var row in Datasets)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {DisplayName(row.Dataset)} | {row.Setting} | {TrainingReport.Percent(row.TestError)} | {TrainingReport.Percent(row.TestAccuracy)} | {(ReferenceEquals(row, compared) ? run : "— | —")} |\n");
        }

        if (compared is null)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {DisplayName(dataset)} (not in the paper) | {(augmented ? "translation + flip" : "no augmentation")} | — | — | {run} |\n");
        }

        return md.ToString();
    }
}
