using System.Text.Json;
using NinNotebooks.Training;

namespace NinNotebooks.Tests.Cli.Commands;

public class BenchCommandTests
{
    [Fact]
    public void BenchData_PrintsATable_ThenTheSameFiguresAsJsonLast()
    {
        using var root = new TemporaryDirectory();

        var result = Nin.Run("bench", "data", "--data-dir", root.Path, "--batches", "3");

        Assert.Equal(0, result.ExitCode);
        var json = LastLineJson(result);
        Assert.Equal(
            ["augment_naive_img_per_s", "augment_speedup_x", "augment_tensor_img_per_s", "load_60k_s", "loader_img_per_s", "synthetic_generate_60k_s"],
            json.Keys.Order(StringComparer.Ordinal));
        Assert.All(json.Values, v => Assert.True(v > 0));
        Assert.Contains("load 60k images (median of 3)", result.Output);
        Assert.Contains("SYNTHETIC", result.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public void BenchTrain_ComparesBareLoopTrainerAndFastPath_InferenceToo_AndReportsMemory()
    {
        var result = Nin.Run("bench", "train", "--images", "64", "--rounds", "1");

        Assert.Equal(0, result.ExitCode);
        var json = LastLineJson(result);
        Assert.Equal(
            [
                "bare_loop_img_per_s", "fast_vs_bare_fp32_ratio", "fast_vs_trainer_fp32_ratio", "infer_fast_img_per_s", "infer_fast_vs_fp32_ratio",
                "infer_fp32_img_per_s", "live_tensors_added", "memory_after_mb", "memory_before_mb", "memory_warm_mb",
                "trainer_fast_accuracy_pct", "trainer_fast_img_per_s", "trainer_fp32_accuracy_pct", "trainer_fp32_channels_last_accuracy_pct",
                "trainer_fp32_channels_last_img_per_s", "trainer_fp32_img_per_s", "trainer_vs_bare_pct",
            ],
            json.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("fast_vs_bare_fp32_ratio", json.Keys.Last());
        Assert.Equal(0, json["live_tensors_added"]);
        Assert.Equal(100 * json["trainer_fp32_img_per_s"] / json["bare_loop_img_per_s"], json["trainer_vs_bare_pct"], 1);
        Assert.Equal(json["trainer_fast_img_per_s"] / json["bare_loop_img_per_s"], json["fast_vs_bare_fp32_ratio"], 2);
        Assert.Equal(json["infer_fast_img_per_s"] / json["infer_fp32_img_per_s"], json["infer_fast_vs_fp32_ratio"], 2);
        Assert.All(json.Where(p => p.Key.EndsWith("_img_per_s", StringComparison.Ordinal)), p => Assert.True(p.Value > 0, p.Key));
        Assert.Contains($"Trainer, fast path ({ComputePath.Resolve(TorchSharp.torch.CPU)})", result.Output);
    }

    [Fact]
    public void BenchTrain_BadSizes_AreAClearError()
    {
        var result = Nin.Run("bench", "train", "--images", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--images and --rounds must be at least 1, got 0 and 3", result.Error);
    }

    [Fact]
    public void BenchNotebooks_ReportsKernelStartCellOverheadAndARestore()
    {
        var result = Nin.Run("bench", "notebooks", "--cells", "3");

        Assert.True(result.ExitCode == 0, result.Error);
        var json = LastLineJson(result);
        Assert.Equal(
            ["first_cell_ms", "kernel_start_ms", "restore_ms", "runner_process_ms", "trivial_cell_median_ms", "trivial_cell_p90_ms"],
            json.Keys.Order(StringComparer.Ordinal));
        Assert.True(json["trivial_cell_median_ms"] <= json["trivial_cell_p90_ms"]);
        Assert.True(json["kernel_start_ms"] + json["first_cell_ms"] < json["runner_process_ms"], "the runner's process includes the kernel and its first cell");
        Assert.Contains("trivial cell, median of 3", result.Output);
    }

    private static Dictionary<string, double> LastLineJson(Nin.Result result) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(result.OutputLines[^1])!;
}
