using System.Text.Json;
using NinNotebooks.Cli.Bench;
using NinNotebooks.Setup;
using NinNotebooks.Training;

namespace NinNotebooks.Tests.Cli.Commands;

[Trait(TestCategory.Name, TestCategory.Integration)]
public class BenchCommandTests
{
    [Fact]
    public void BenchData_PrintsATable_ThenTheSameFiguresAsJsonLast()
    {
        using var root = new TemporaryDirectory();

        var result = Nin.Run("bench", "data", "--data-dir", root.Path, "--batches", "3");

        Assert.Equal(0, result.ExitCode);
        var json = Figures(result);
        Assert.Equal(
            ["augment_naive_img_per_s", "augment_speedup_x", "augment_tensor_img_per_s", "load_60k_s", "loader_img_per_s", "synthetic_generate_60k_s"],
            json.Keys.Order(StringComparer.Ordinal));
        Assert.All(json.Values, v => Assert.True(v > 0));
        Assert.Contains("load 60k images (median of 3)", result.Output);
        Assert.Contains("SYNTHETIC", result.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public void BenchTrain_ComparesBareLoopAndTrainerVariants_NamesTheCpuAndAutosPath_AndFailsWhenAVariantStaysAtChance()
    {
        // Too short to learn (64 images, 2 epochs): the figures are printed all the same, and every variant whose
        // accuracy is not above chance is named, which makes the command fail.
        var result = Nin.Run("bench", "train", "--images", "64", "--rounds", "1");

        var json = LastLineJson(result);
        var figures = json.Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Key, p => p.Value.GetDouble());
        var fast = CpuFeatures.HasNativeBFloat16 && Autocast.IsAvailable;   // avx512_bf16 or amx_bf16 decides
        string[] variants = fast ? ["trainer_fp32", "trainer_fp32_channels_last", "trainer_fast"] : ["trainer_fp32", "trainer_fp32_channels_last"];
        string[] expected =
            [
                "accuracy_spread_pct", "auto_vs_bare_fp32_ratio", "auto_vs_trainer_fp32_ratio", "bare_loop_img_per_s", "channels_last_vs_trainer_fp32_ratio",
                .. FastRatioKey(fast),
                "infer_auto_img_per_s", "infer_auto_vs_fp32_ratio", "infer_fp32_img_per_s", "live_tensors_added", "memory_after_mb", "memory_before_mb", "memory_warm_mb",
                .. variants.SelectMany(v => new[] { $"{v}_accuracy_pct", $"{v}_img_per_s" }), "trainer_vs_bare_pct",
            ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), figures.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["chosen_path", "cpu", "cpu_features"], json.Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(CpuFeatures.Current.Names, json["cpu_features"].GetString());
        Assert.Equal(ComputePath.Resolve(TorchSharp.torch.CPU).ToString(), json["chosen_path"].GetString());
        Assert.Equal(fast ? "fast_vs_bare_fp32_ratio" : "auto_vs_bare_fp32_ratio", json.Keys.Last());
        Assert.Equal(0, figures["live_tensors_added"]);
        Assert.Equal(100 * figures["trainer_fp32_img_per_s"] / figures["bare_loop_img_per_s"], figures["trainer_vs_bare_pct"], 1);
        var autoKey = fast ? "trainer_fast" : "trainer_fp32_channels_last";   // no avx2 at all would make it trainer_fp32
        if (CpuFeatures.Current.Avx2 || fast)
        {
            Assert.Equal(figures[$"{autoKey}_img_per_s"] / figures["bare_loop_img_per_s"], figures["auto_vs_bare_fp32_ratio"], 2);
        }

        Assert.Equal(figures["infer_auto_img_per_s"] / figures["infer_fp32_img_per_s"], figures["infer_auto_vs_fp32_ratio"], 2);
        Assert.All(figures.Where(p => p.Key.EndsWith("_img_per_s", StringComparison.Ordinal)), p => Assert.True(p.Value > 0, p.Key));
        Assert.Contains($"path auto chooses: {ComputePath.Resolve(TorchSharp.torch.CPU)}", result.Output);
        Assert.Contains($"CPU: {CpuFeatures.Describe()}", result.Output);
        Assert.Equal(fast, result.Output.Contains("fast path (bfloat16", StringComparison.Ordinal));

        var atChance = variants.Where(v => !TrainBench.AboveChance(figures[$"{v}_accuracy_pct"] / 100, 10, TrainBench.TestImages)).ToList();
        Assert.Equal(atChance.Count, result.OutputLines.Count(l => l.StartsWith("FAILED: ", StringComparison.Ordinal)));
        Assert.Equal(atChance.Count > 0 ? 1 : 0, result.ExitCode);
        if (atChance.Count > 0)
        {
            // Progress goes to standard error too; the error itself is one line, the last.
            var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(errors, l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.StartsWith("error: bench train: ", errors[^1], StringComparison.Ordinal);
            Assert.Contains("not above chance", errors[^1], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(10, 512, 0.1398)]
    [InlineData(10, 128, 0.1795)]
    [InlineData(100, 10000, 0.0130)]
    public void ChanceThreshold_IsChancePlusThreeStandardErrors(int classes, int images, double expected)
    {
        Assert.Equal(expected, TrainBench.ChanceThreshold(classes, images), 4);
        Assert.False(TrainBench.AboveChance(1.0 / classes, classes, images));
        Assert.False(TrainBench.AboveChance(expected - 0.001, classes, images));
        Assert.True(TrainBench.AboveChance(expected + 0.001, classes, images));
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
        var json = Figures(result);
        Assert.Equal(
            ["first_cell_ms", "kernel_start_ms", "restore_ms", "runner_process_ms", "trivial_cell_median_ms", "trivial_cell_p90_ms"],
            json.Keys.Order(StringComparer.Ordinal));
        Assert.True(json["trivial_cell_median_ms"] <= json["trivial_cell_p90_ms"]);
        Assert.True(json["kernel_start_ms"] + json["first_cell_ms"] < json["runner_process_ms"], "the runner's process includes the kernel and its first cell");
        Assert.Contains("trivial cell, median of 3", result.Output);
    }

    private static IEnumerable<string> FastRatioKey(bool fast) => fast ? ["fast_vs_bare_fp32_ratio"] : [];

    private static Dictionary<string, double> Figures(Nin.Result result) =>
        LastLineJson(result).ToDictionary(p => p.Key, p => p.Value.GetDouble());

    private static Dictionary<string, JsonElement> LastLineJson(Nin.Result result) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(result.OutputLines[^1])!;
}
