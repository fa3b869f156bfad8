using NinNotebooks.Modules;
using NinNotebooks.Training;
using NinNotebooks.Platform;

namespace NinNotebooks.Tests.Training;

public class TrainingConfigTests
{
    [Fact]
    public void Paper_IsTheAuthorsRecipe()
    {
        var paper = TrainingConfig.Paper();

        Assert.Equal((260, 128, 0.1, 0.9, 1e-4), (paper.Epochs, paper.BatchSize, paper.LearningRate, paper.Momentum, paper.WeightDecay));
        Assert.Equal((ScheduleKind.Step, 0.1), (paper.Schedule, paper.StepFactor));
        Assert.Equal([200, 230], paper.Milestones);
        Assert.Equal((2.0, false, 0.1), (paper.BiasLearningRateScale, paper.DecayBiases, paper.LastLayerLearningRateScale));
        Assert.Equal((Preprocessing.GcnZca, false, WeightInit.Paper, 0.0), (paper.Preprocessing, paper.Augment, paper.Init, paper.WarmupEpochs));
        Assert.True(TrainingConfig.Paper(augment: true).Augment);
        // The deviations the notebook and the report print state the numbers this configuration uses.
        var deviations = string.Join("\n", TrainingConfig.PaperDeviations);
        Assert.Contains(FormattableString.Invariant($"lr {paper.LearningRate}, momentum {paper.Momentum}, weight decay {paper.WeightDecay:0e0}"), deviations, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"at epochs {paper.Milestones[0]} and {paper.Milestones[1]} of {paper.Epochs}"), deviations, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"The last 1x1 layer (cccp6) at {paper.LastLayerLearningRateScale}x"), deviations, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultRecipe_DepartsFromThePaperWhereItsListSays_AndPaperUndoesEachDeparture()
    {
        var defaults = new TrainingConfig();
        var paper = TrainingConfig.Paper();

        Assert.Equal(
            ["Recipe", "Epochs", "BatchNorm", "Optimizer", "LearningRate", "Schedule", "Milestones", "Preprocessing", "BiasLearningRateScale", "DecayBiases", "LastLayerLearningRateScale"],
            defaults.Differences(paper).Select(d => d.Name));
        Assert.Equal((true, false), (defaults.BatchNorm, paper.BatchNorm));
        Assert.Equal((OptimizerKind.Adam, ScheduleKind.OneCycle, 0.0), (defaults.Optimizer, defaults.Schedule, defaults.WarmupEpochs));
        var departures = string.Join("\n", TrainingConfig.DefaultRecipeDepartures);
        Assert.Contains(FormattableString.Invariant($"rises to {defaults.LearningRate} in the first 30 %"), departures, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"dividing {paper.LearningRate} by 10"), departures, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"{defaults.Epochs} epochs instead of {paper.Epochs}"), departures, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"starts at a {1 / LearningRateSchedule.Factor(defaults, 0, 0, 100):0}th of its peak"), departures, StringComparison.Ordinal);
        new TrainingConfig().Validate();
    }

    [Fact]
    public void FromJson_OfAConfigurationWrittenBeforeBatchNormExisted_ReadsNoBatchNorm()
    {
        var json = new TrainingConfig { Seed = 4 }.ToJson();
        var withoutSetting = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(withoutSetting.Remove(nameof(TrainingConfig.BatchNorm)));

        Assert.False(TrainingConfig.FromJson(withoutSetting.ToJsonString()).BatchNorm);
        Assert.True(TrainingConfig.FromJson(json).BatchNorm);
        Assert.Equal(4, TrainingConfig.FromJson(withoutSetting.ToJsonString()).Seed);
    }

    [Fact]
    public void Paper_ShortRuns_KeepTheMilestonesAtTheSameFractions()
    {
        Assert.Equal([20, 23], TrainingConfig.Paper(epochs: 26).Milestones);
        Assert.Equal([1], TrainingConfig.Paper(epochs: 2).Milestones);
        Assert.Empty(TrainingConfig.Paper(epochs: 1).Milestones);
        Assert.Equal(ScheduleKind.Constant, TrainingConfig.Paper(epochs: 1).Schedule);   // too short for a step
        TrainingConfig.Paper(epochs: 1).Validate();
    }

    public static TheoryData<TrainingConfig, string> Invalid => new()
    {
        { new TrainingConfig { Epochs = 0 }, "Epochs must be at least 1, got 0" },
        { new TrainingConfig { LearningRate = -1 }, "LearningRate must be a positive number, got -1" },
        { new TrainingConfig { LearningRate = 1e308 }, "LearningRate must be at most 3.4028235E+38 (the largest float32), got 1E+308" },
        { new TrainingConfig { LearningRate = 2e38, BiasLearningRateScale = 2 }, "LearningRate × BiasLearningRateScale must be at most 3.4028235E+38" },
        { new TrainingConfig { Schedule = ScheduleKind.Step, Milestones = [30], Epochs = 30 }, "Milestones are the epochs after which the step schedule divides the rate by 10; they must lie between 1 and 29, got [30]" },
        { new TrainingConfig { Schedule = ScheduleKind.OneCycle, WarmupEpochs = 2 }, "WarmupEpochs: the one-cycle schedule has its own warm-up" },
        { new TrainingConfig { LabelSmoothing = 1.5 }, "LabelSmoothing must be between 0 and 1, got 1.5" },
        { new TrainingConfig { Dataset = "mnist", Preprocessing = Preprocessing.GcnZca }, "Preprocessing: GCN + ZCA whitening is the paper's CIFAR preprocessing" },
        { new TrainingConfig { Schedule = ScheduleKind.Step }, "Milestones: the step schedule needs at least one" },
        { new TrainingConfig { Milestones = [3] }, "Milestones only apply to the step schedule, not to OneCycle" },
        { new TrainingConfig { Dataset = "svhn" }, "Dataset: unknown dataset 'svhn'; expected one of cifar10, cifar100, mnist, synthetic" },
        { new TrainingConfig { TrainSubset = 0 }, "TrainSubset must hold at least 1 image, got 0" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_ExplainsWhatIsWrong(TrainingConfig config, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(config.Validate);

        Assert.StartsWith(message, ErrorText.Of(error), StringComparison.Ordinal);
        Assert.StartsWith(error.ParamName!, message, StringComparison.Ordinal);   // the setting at fault, named first
    }

    [Fact]
    public void Json_RoundTrips()
    {
        var config = TrainingConfig.Paper(augment: true) with { Seed = 42, TrainSubset = 100, Device = "cpu" };

        var back = TrainingConfig.FromJson(config.ToJson());

        Assert.Equal(config.ToJson(), back.ToJson());
        Assert.Contains("\"Schedule\": \"Step\"", config.ToJson());
    }

    [Fact]
    public void Differences_NameEachSettingThatDiffers_WithBothValues()
    {
        var stored = new TrainingConfig { Seed = 0, LearningRate = 0.001, Milestones = [] };
        var now = stored with { Seed = 3, LearningRate = 0.01, DataDirectory = "/data/b" };

        var differences = stored.Differences(now);

        Assert.Equal(
            [("LearningRate", "0.001", "0.01"), ("Seed", "0", "3"), ("DataDirectory", "(none)", "/data/b")],
            differences.Select(d => (d.Name, d.Stored, d.Current)));
        Assert.Empty(stored.Differences(stored with { Milestones = [] }));
    }
}
