using System.Globalization;
using System.Text.RegularExpressions;
using NinNotebooks.Training;

namespace NinNotebooks.Tests.Cli.Commands;

public class TrainCommandTests
{
    [Fact]
    public void OnTheSyntheticStandIn_NiNLearnsWellAboveChance_AndTheRunCanBeResumed()
    {
        using var root = new TemporaryDirectory();
        string[] common =
        [
            "train", "--model", "nin-cifar10", "--dataset", "synthetic", "--data-dir", root.Path, "--out", root.File("run"),
            "--subset", "1500", "--test-subset", "300", "--batch-size", "32", "--optimizer", "adam", "--lr", "0.001",
            "--weight-decay", "0", "--schedule", "constant", "--init", "paper", "--device", "cpu",
        ];

        var first = Nin.Run([.. common, "--epochs", "1"]);
        var resumed = Nin.Run([.. common, "--epochs", "2", "--resume"]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("*** SYNTHETIC data", first.Output);
        Assert.Contains("Resuming", resumed.Output);
        Assert.Contains("after epoch 1.", resumed.Output);
        var last = Regex.Match(resumed.OutputLines[^1], @"^test accuracy: (\d+\.\d\d)%$");
        Assert.True(last.Success, resumed.OutputLines[^1]);
        var accuracy = double.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 40, $"NiN reached {accuracy}% on the 10-class synthetic data after 2 epochs; chance is 10%");

        var history = TrainingHistory.FromJson(File.ReadAllText(root.File("run", "history.json")));
        Assert.Equal([1, 2], history.Epochs.Select(e => e.Epoch));
        Assert.True(history.IsSynthetic);
        foreach (var name in new[] { "last.ckpt", "best.ckpt", "history.csv", "config.json", "report.md" })
        {
            Assert.True(File.Exists(root.File("run", name)), name);
        }

        Assert.Contains("SYNTHETIC", File.ReadAllText(root.File("run", "report.md")));
    }

    public static TheoryData<string[], string> InvalidCombinations => new()
    {
        { ["--recipe", "paper", "--lr", "0.5"], "--recipe paper sets --lr itself" },
        { ["--schedule", "step"], "--schedule step needs --milestones" },
        { ["--milestones", "3"], "--milestones only applies to --schedule step" },
        { ["--schedule", "step", "--milestones", "40", "--epochs", "30"], "they must lie between 1 and 29, got [40]" },
        { ["--device", "cuda"], "--device cuda: CUDA is not available here" },
        { ["--model", "resnet"], "resnet" },
        { ["--resume"], "--resume:" },
        { ["--optimizer", "rmsprop"], "--optimizer: expected one of sgd, adam, got 'rmsprop'" },
        { ["--epochs", "0"], "epochs must be at least 1, got 0" },
        { ["--dataset", "mnist", "--recipe", "paper"], "GCN + ZCA whitening is the paper's CIFAR preprocessing" },
    };

    [Theory]
    [MemberData(nameof(InvalidCombinations))]
    public void InvalidOptions_FailBeforeAnyWork(string[] options, string message)
    {
        using var root = new TemporaryDirectory();

        string[] dataset = options.Contains("--dataset") ? [] : ["--dataset", "synthetic"];

        var result = Nin.Run(["train", .. dataset, "--data-dir", root.Path, "--out", root.File("run"), .. options]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public void AnExistingRun_IsNotOverwrittenWithoutResume()
    {
        using var root = new TemporaryDirectory();
        Directory.CreateDirectory(root.File("run"));
        File.WriteAllText(root.File("run", "last.ckpt"), "keep");

        var result = Nin.Run("train", "--dataset", "synthetic", "--data-dir", root.Path, "--out", root.File("run"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already holds a run; continue it with --resume", result.Error);
        Assert.Equal("keep", File.ReadAllText(root.File("run", "last.ckpt")));
    }

    [Fact]
    public void AModelForOtherImages_IsRejectedWithTheReason()
    {
        using var root = new TemporaryDirectory();

        var result = Nin.Run("train", "--model", "nin-mnist", "--dataset", "synthetic", "--data-dir", root.Path, "--out", root.File("run"), "--epochs", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The model nin-mnist cannot take synthetic CIFAR-format train's 3×32×32 images", result.Error);
        Assert.False(Directory.Exists(root.File("run")));
    }
}
