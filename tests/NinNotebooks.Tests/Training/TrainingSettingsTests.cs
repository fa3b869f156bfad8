using System.Reflection;
using System.Text.RegularExpressions;
using NinNotebooks.Training;

namespace NinNotebooks.Tests.Training;

public class TrainingSettingsTests
{
    [Fact]
    public void EveryConfigProperty_HasExactlyOneRow()
    {
        var properties = typeof(TrainingConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order().ToList();

        Assert.Equal(properties, TrainingSettings.All.Select(s => s.Name).Order());
    }

    [Fact]
    public void EachRow_ReadsAndSetsItsOwnProperty()
    {
        var config = new TrainingConfig();
        foreach (var setting in TrainingSettings.All)
        {
            var property = typeof(TrainingConfig).GetProperty(setting.Name)!;
            Assert.Equal(property.GetValue(config), setting.Get(config));
        }

        var changed = TrainingSettings.Setting(nameof(TrainingConfig.LearningRate)).Parse(config, "0.25");
        Assert.Equal(0.25, changed.LearningRate);
        Assert.Equal(config with { LearningRate = 0.25 }, changed);
        Assert.Equal(ScheduleKind.Cosine, TrainingSettings.Setting(nameof(TrainingConfig.Schedule)).Parse(config, "cosine").Schedule);
        Assert.Equal([20, 25], TrainingSettings.Setting(nameof(TrainingConfig.Milestones)).Parse(config, "20,25").Milestones);
    }

    [Fact]
    public void AFailure_CarriesTheSetting_AndCanNameItOtherwise()
    {
        var error = Assert.Throws<TrainingSettingException>(new TrainingConfig { LearningRate = 2e38, BiasLearningRateScale = 2 }.Validate);

        Assert.Same(TrainingSettings.Setting(nameof(TrainingConfig.LearningRate)), error.Setting);
        Assert.Equal(nameof(TrainingConfig.LearningRate), error.ParamName);
        Assert.StartsWith("<lr> × <BiasLearningRateScale> must be at most", error.MessageNaming(s => $"<{s.Option ?? s.Name}>"), StringComparison.Ordinal);
        Assert.Equal("WarmupEpochs: expected a number, got 'x{0}'.",
            Assert.Throws<TrainingSettingException>(() => TrainingSettings.Setting(nameof(TrainingConfig.WarmupEpochs)).Parse(new TrainingConfig(), "x{0}")).Message);
    }

    [Fact]
    public void TrainingCode_NamesSettings_NeverCommandLineOptions()
    {
        // String literals in the library's training code (comments aside) say "LearningRate", never "--lr": the command
        // line maps settings to its options through the table.
        var flag = new Regex("\"[^\"\\n]*(?<![\\w-])--[a-z][a-z-]*");
        var found = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", "NinNotebooks", "Training"), "*.cs")
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(l => !l.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && flag.IsMatch(l.line))
            .Select(l => $"{Path.GetFileName(l.file)}:{l.i + 1}: {l.line.Trim()}")
            .ToList();

        Assert.Empty(found);
    }

    [Fact]
    public void OnlyEpochsDevicePrecisionAndLayout_MayChangeOnResume()
    {
        Assert.Equal(["Epochs", "Device", "Precision", "Layout"], ResumeRules.MayChange.Select(s => s.Name));
        var stored = new TrainingConfig();
        var differences = ResumeRules.Differences(stored, stored with { Epochs = 3, Device = "cpu", LearningRate = 0.01, DataDirectory = "/data" });

        Assert.Equal([(TrainingSettings.Setting(nameof(TrainingConfig.LearningRate)), "0.003", "0.01")], differences);
    }
}

public class TrainingSettingsReportTests
{
    [Fact]
    public void TheReport_ListsEverySetting()
    {
        var history = new TrainingHistory("synthetic", true);
        var report = TrainingReport.Markdown(new TrainingConfig { LearningRate = 0.02 }, history, 10, "cpu");

        Assert.Contains("| LearningRate | 0.02 | Base learning rate", report);
        Assert.All(TrainingSettings.All.Where(s => s.Name != nameof(TrainingConfig.DataFingerprint)), s => Assert.Contains($"| {s.Name} | ", report));
    }
}
