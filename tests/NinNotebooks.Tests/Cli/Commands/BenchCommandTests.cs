using System.Text.Json;

namespace NinNotebooks.Tests.Cli.Commands;

public class BenchCommandTests
{
    [Fact]
    public void BenchData_PrintsATable_ThenTheSameFiguresAsJsonLast()
    {
        using var root = new TemporaryDirectory();

        var result = Nin.Run("bench", "data", "--data-dir", root.Path, "--batches", "3");

        Assert.Equal(0, result.ExitCode);
        var json = JsonSerializer.Deserialize<Dictionary<string, double>>(result.OutputLines[^1])!;
        Assert.Equal(
            ["augment_naive_img_per_s", "augment_speedup_x", "augment_tensor_img_per_s", "load_60k_s", "loader_img_per_s", "synthetic_generate_60k_s"],
            json.Keys.Order(StringComparer.Ordinal));
        Assert.All(json.Values, v => Assert.True(v > 0));
        Assert.Contains("load 60k images (median of 3)", result.Output);
        Assert.Contains("SYNTHETIC", result.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }
}
