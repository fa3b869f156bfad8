using NinNotebooks.Training;
using Xunit;

namespace NinNotebooks.Tests.Training;

public class PaperResultsTests
{
    private static string[] Rows(string markdown) => markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..];

    [Fact]
    public void Table_ListsAllFourDatasetsWithErrorAndAccuracy()
    {
        var rows = Rows(PaperResults.Markdown("cifar10", augmented: true, testAccuracy: 0.5));

        Assert.Equal(5, rows.Length);
        Assert.Contains(rows, r => r.StartsWith("| CIFAR-100 | no augmentation | 35.68 % | 64.32 % |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| SVHN | no augmentation | 2.35 % | 97.65 % |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| MNIST | no augmentation | 0.47 % | 99.53 % |", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, "| CIFAR-10 | translation + flip | 8.81 % | 91.19 % | 12.50 % | 87.50 % |")]
    [InlineData(false, "| CIFAR-10 | no augmentation | 10.41 % | 89.59 % | 12.50 % | 87.50 % |")]
    public void RunResult_StandsBesideTheRowItComparesWith(bool augmented, string expected)
    {
        var rows = Rows(PaperResults.Markdown("cifar10", augmented, 0.875));

        Assert.Contains(expected, rows);
        Assert.Single(rows, r => r.Contains("87.50 %", StringComparison.Ordinal));
    }

    [Fact]
    public void RunOnDataThePaperDidNotUse_GetsARowOfItsOwn()
    {
        var rows = Rows(PaperResults.Markdown("synthetic", augmented: false, testAccuracy: 0.9));

        Assert.Equal(6, rows.Length);
        Assert.Equal("| synthetic (not in the paper) | no augmentation | — | — | 10.00 % | 90.00 % |", rows[^1]);
        Assert.All(rows[..^1], r => Assert.EndsWith("| — | — |", r));
    }

    [Fact]
    public void Heads_GapIsBestAndEqualsTheCifar10Result()
    {
        Assert.Equal(PaperResults.Heads.Min(h => h.TestError), PaperResults.Heads[^1].TestError);
        Assert.Equal(PaperResults.Datasets[0].TestError, PaperResults.Heads[^1].TestError);
        Assert.Same(PaperResults.Datasets[0], PaperResults.ComparedWith("cifar10", augmented: false));
        Assert.Same(PaperResults.Datasets[1], PaperResults.ComparedWith("cifar10", augmented: true));
        Assert.Same(PaperResults.Datasets[2], PaperResults.ComparedWith("cifar100", augmented: true));
        Assert.Null(PaperResults.ComparedWith("synthetic", augmented: false));
        Assert.Equal(PaperResults.Datasets.Take(2), PaperResults.For("cifar10"));
        Assert.Empty(PaperResults.For("synthetic"));
    }
}
