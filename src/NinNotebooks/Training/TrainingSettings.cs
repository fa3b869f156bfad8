using System.Globalization;
using NinNotebooks.Modules;

namespace NinNotebooks.Training;

/// <summary>
/// Every <see cref="TrainingConfig"/> setting, each declared once: adding a setting means its property, its row here and
/// the code that uses it. <c>nin train</c> builds its options from this table, <see cref="TrainingConfig.Validate"/>
/// names settings from it, <see cref="ResumeRules"/> follows its resume rules and <see cref="TrainingReport"/> lists it.
/// </summary>
public static class TrainingSettings
{
    // Declared before All, which reads it.
    private static readonly Dictionary<string, MemoryLayout> Layouts = new(StringComparer.Ordinal)
    {
        ["auto"] = MemoryLayout.Auto, ["channels-first"] = MemoryLayout.ChannelsFirst, ["channels-last"] = MemoryLayout.ChannelsLast,
    };

    /// <summary>The settings, in the order of <see cref="TrainingConfig"/>'s properties.</summary>
    public static IReadOnlyList<TrainingSetting> All { get; } =
    [
        Text(nameof(TrainingConfig.Recipe), "default, or paper: the authors' settings (lr 0.1, momentum 0.9, wd 1e-4, step ÷10 at 200/230 of 260 epochs, GCN+ZCA).",
            c => c.Recipe, (c, v) => c with { Recipe = v }, "recipe", choices: ["default", "paper"]),
        Text(nameof(TrainingConfig.Model), "Model from `nin models` (default nin-cifar10).", c => c.Model, (c, v) => c with { Model = v }, "model"),
        Text(nameof(TrainingConfig.Dataset), "cifar10, cifar100, mnist or synthetic (default cifar10).", c => c.Dataset, (c, v) => c with { Dataset = v }, "dataset",
            choices: [.. Data.Datasets.Names]),
        Value<int>(nameof(TrainingConfig.Epochs), "Epochs (default 30; 260 with the paper recipe).", c => c.Epochs, (c, v) => c with { Epochs = v }, "epochs", ResumeRule.MayChange),
        Value<bool>(nameof(TrainingConfig.BatchNorm), "true or false: BatchNorm after every convolution (default true; false with the paper recipe).",
            c => c.BatchNorm, (c, v) => c with { BatchNorm = v }, "batch-norm"),
        Value<int>(nameof(TrainingConfig.BatchSize), "Images per batch (default 128).", c => c.BatchSize, (c, v) => c with { BatchSize = v }, "batch-size", paper: true),
        Choice(nameof(TrainingConfig.Init), "Weight initialisation before training: paper (the authors' N(0, 0.05), default) or kaiming.",
            c => c.Init, (c, v) => c with { Init = v }, "init", paper: true, ResumeRule.MustMatch, (WeightInit?)WeightInit.Paper, WeightInit.Kaiming),
        Choice(nameof(TrainingConfig.Optimizer), "sgd or adam (default adam).", c => c.Optimizer, (c, v) => c with { Optimizer = v }, "optimizer", paper: true, ResumeRule.MustMatch,
            OptimizerKind.Sgd, OptimizerKind.Adam),
        Value<double>(nameof(TrainingConfig.LearningRate), "Base learning rate (default 0.003, the peak of the one-cycle schedule).",
            c => c.LearningRate, (c, v) => c with { LearningRate = v }, "lr", paper: true),
        Value<double>(nameof(TrainingConfig.Momentum), "SGD momentum (default 0.9).", c => c.Momentum, (c, v) => c with { Momentum = v }, "momentum", paper: true),
        Value<double>(nameof(TrainingConfig.WeightDecay), "Weight decay (default 1e-4).", c => c.WeightDecay, (c, v) => c with { WeightDecay = v }, "weight-decay", paper: true),
        Choice(nameof(TrainingConfig.Schedule), "step, cosine, onecycle or constant (default onecycle).", c => c.Schedule, (c, v) => c with { Schedule = v }, "schedule", paper: true, ResumeRule.MustMatch,
            ScheduleKind.Step, ScheduleKind.Cosine, ScheduleKind.OneCycle, ScheduleKind.Constant),
        new(nameof(TrainingConfig.Milestones), "For the step schedule: epochs after which the rate is divided by 10, e.g. 20,25.", c => c.Milestones,
            (c, v) => c with { Milestones = ParseMilestones(v) }, "milestones", ResumeRule.MustMatch, null, FixedByPaperRecipe: true, IsSwitch: false),
        Fixed(nameof(TrainingConfig.StepFactor), "The step schedule's factor (0.1: divide by 10).", c => c.StepFactor),
        Value<double>(nameof(TrainingConfig.WarmupEpochs), "Epochs of linear learning-rate warm-up for the step, cosine or constant schedules (default 0; onecycle has its own).",
            c => c.WarmupEpochs, (c, v) => c with { WarmupEpochs = v }, "warmup"),
        Value<double>(nameof(TrainingConfig.LabelSmoothing), "Label smoothing (default 0).", c => c.LabelSmoothing, (c, v) => c with { LabelSmoothing = v }, "label-smoothing"),
        new(nameof(TrainingConfig.Augment), "Random crop (pad 4) and horizontal flip, per image, on the training device.", c => c.Augment,
            (c, v) => c with { Augment = ParseValue<bool>(Setting(nameof(TrainingConfig.Augment)), v) }, "augment", ResumeRule.MustMatch, null, FixedByPaperRecipe: false, IsSwitch: true),
        Fixed(nameof(TrainingConfig.Preprocessing), "How images are normalised: per-channel standardisation, or GCN + ZCA whitening (the paper's).", c => c.Preprocessing),
        Fixed(nameof(TrainingConfig.BiasLearningRateScale), "Learning-rate multiplier for biases (the authors used 2).", c => c.BiasLearningRateScale),
        Fixed(nameof(TrainingConfig.DecayBiases), "Whether biases get weight decay.", c => c.DecayBiases),
        Fixed(nameof(TrainingConfig.LastLayerLearningRateScale), "Learning-rate multiplier for the last layer (the authors used 0.1).", c => c.LastLayerLearningRateScale),
        Value<long>(nameof(TrainingConfig.Seed), "One seed for initialisation, shuffling, augmentation and dropout (default 0).", c => c.Seed, (c, v) => c with { Seed = v }, "seed"),
        Text(nameof(TrainingConfig.Device), "auto, cpu or cuda (default auto: CUDA when available).", c => c.Device, (c, v) => c with { Device = v }, "device", ResumeRule.MayChange),
        Choice(nameof(TrainingConfig.Precision),
            "auto, float32, bfloat16 or float16 (default auto: the fast path, bfloat16 autocast with channels-last, on a CPU with native bfloat16; float32 elsewhere, channels-last on x86 with AVX2). float32 alone is the plain path (channels-first); on CUDA bfloat16 and float16 are autocast (untested).",
            c => c.Precision, (c, v) => c with { Precision = v }, "precision", paper: false, ResumeRule.MayChange, Precision.Auto, Precision.Float32, Precision.BFloat16, Precision.Float16),
        new(nameof(TrainingConfig.Layout), "auto, channels-first or channels-last: memory layout of the batches (default auto: channels-last with bfloat16 or float16, and with precision auto on x86 with AVX2).",
            c => c.Layout, (c, v) => c with { Layout = Lookup(Setting(nameof(TrainingConfig.Layout)), Layouts, v) }, "layout", ResumeRule.MayChange, [.. Layouts.Keys], false, false),
        Nullable(nameof(TrainingConfig.TrainSubset), "Train on a random subset of this many images.", c => c.TrainSubset, (c, v) => c with { TrainSubset = v }, "subset"),
        Nullable(nameof(TrainingConfig.TestSubset), "Evaluate on a random subset of this many test images.", c => c.TestSubset, (c, v) => c with { TestSubset = v }, "test-subset"),
        Fixed(nameof(TrainingConfig.MaxLoss), "A batch loss above this (or NaN/∞) stops training.", c => c.MaxLoss),
        new(nameof(TrainingConfig.DataDirectory), $"The data folder the dataset is read from (default ${Data.DataRoot.EnvironmentVariable}, else the repository's data/).", c => c.DataDirectory, (c, v) => c with { DataDirectory = v }, "data-dir",
            ResumeRule.MustMatchWhenRecorded, null, false, false),
        new(nameof(TrainingConfig.DataFingerprint), "The data the run trained on (split sizes and file hashes), compared on resume by ResumeRules.DataDifferences.",
            c => c.DataFingerprint, null, null, ResumeRule.MayChange, null, false, false),
    ];

    /// <summary>The setting of the <see cref="TrainingConfig"/> property <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No setting has that name.</exception>
    public static TrainingSetting Setting(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"TrainingConfig has no setting {name}.", nameof(name));

    private static TrainingSetting Text(string name, string description, Func<TrainingConfig, object?> get, Func<TrainingConfig, string, TrainingConfig> set, string option,
        ResumeRule resume = ResumeRule.MustMatch, IReadOnlyList<string>? choices = null) =>
        new(name, description, get, set, option, resume, choices, FixedByPaperRecipe: false, IsSwitch: false);

    private static TrainingSetting Fixed(string name, string description, Func<TrainingConfig, object?> get) =>
        new(name, description, get, null, null, ResumeRule.MustMatch, null, FixedByPaperRecipe: false, IsSwitch: false);

    private static TrainingSetting Value<T>(string name, string description, Func<TrainingConfig, T> get, Func<TrainingConfig, T, TrainingConfig> set, string option,
        ResumeRule resume = ResumeRule.MustMatch, bool paper = false)
        where T : IParsable<T> =>
        new(name, description, c => get(c), (c, v) => set(c, ParseValue<T>(Setting(name), v)), option, resume, null, paper, IsSwitch: false);

    private static TrainingSetting Nullable(string name, string description, Func<TrainingConfig, int?> get, Func<TrainingConfig, int?, TrainingConfig> set, string option) =>
        new(name, description, c => get(c), (c, v) => set(c, ParseValue<int>(Setting(name), v)), option, ResumeRule.MustMatch, null, false, false);

    /// <summary>An enum setting whose text values are its members' names in lower case.</summary>
    private static TrainingSetting Choice<T>(string name, string description, Func<TrainingConfig, T> get, Func<TrainingConfig, T, TrainingConfig> set, string option, bool paper,
        ResumeRule resume, params T[] values)
    {
        var byText = values.ToDictionary(v => v!.ToString()!.ToLowerInvariant(), StringComparer.Ordinal);
        return new(name, description, c => get(c), (c, v) => set(c, Lookup(Setting(name), byText, v)), option, resume, [.. byText.Keys], paper, false);
    }

    private static T Lookup<T>(TrainingSetting setting, Dictionary<string, T> values, string text) =>
        values.TryGetValue(text, out var value) ? value : throw new TrainingSettingException($"{setting}: expected one of {string.Join(", ", values.Keys)}, got '{text}'.");

    private static T ParseValue<T>(TrainingSetting setting, string text)
        where T : IParsable<T> =>
        T.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value
        : throw new TrainingSettingException($"{setting}: expected {(typeof(T) == typeof(bool) ? "true or false" : "a number")}, got '{text}'.");

    private static int[] ParseMilestones(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var epochs = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out epochs[i]))
            {
                throw new TrainingSettingException($"{Setting(nameof(TrainingConfig.Milestones))}: expected epochs separated by commas, e.g. 20,25, got '{text}'.");
            }
        }

        return epochs;
    }
}
