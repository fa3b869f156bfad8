using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NinNotebooks.Modules;

namespace NinNotebooks.Training;

/// <summary>
/// Everything that decides a training run. The defaults are a modern recipe that learns in a few epochs, even on a
/// CPU: NiN with BatchNorm after every convolution, Adam at a peak learning rate of 0.003 on a one-cycle schedule,
/// weight decay 1e-4, the authors' initialisation, 30 epochs, batch 128 (add <see cref="Augment"/> for crop+flip).
/// <see cref="DefaultRecipeDepartures"/> lists where it departs from the paper; <see cref="Paper"/> is the authors' own
/// recipe, one setting away. One <see cref="Seed"/> decides initialisation, shuffling, augmentation and dropout.
/// </summary>
/// <remarks>Taught in notebooks/06-training-nin.ipynb.</remarks>
public sealed record TrainingConfig
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Recipe name: "default", "paper", or what the caller sets.</summary>
    public string Recipe { get; init; } = "default";

    /// <summary>Model name from <see cref="Modules.ModelCatalog"/> (used by the command line; informative otherwise).</summary>
    public string Model { get; init; } = "nin-cifar10";

    /// <summary>Dataset name (see <see cref="Data.Datasets.Names"/>).</summary>
    public string Dataset { get; init; } = "cifar10";

    /// <summary>Epochs to train.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>
    /// Whether the network has BatchNorm after every convolution (Ioffe and Szegedy 2015), which NiN predates: build it
    /// to match, e.g. <c>new NiN(table, batchNorm: config.BatchNorm)</c>; the trainer refuses a model that does not.
    /// True in the default recipe, false in <see cref="Paper"/>. Without it, NiN learns slowly at first from the
    /// authors' small initial weights; with it, a few epochs on a CPU show the ideas at work.
    /// </summary>
    public bool BatchNorm { get; init; } = true;

    /// <summary>Images per batch (128 in the paper).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>
    /// Re-initialises the model's convolution and linear weights before training: <see cref="WeightInit.Paper"/> (the
    /// authors' N(0, σ), the default), <see cref="WeightInit.Kaiming"/>, or null to keep what the model was built with.
    /// (NiN ends in a ReLU before global average pooling: a class map pushed below zero everywhere outputs 0, gets no
    /// gradient and cannot recover; if all die, the loss stays at ln 10. The authors' small weights start gently.)
    /// </summary>
    public WeightInit? Init { get; init; } = WeightInit.Paper;

    /// <summary>Optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Base learning rate (the peak of the one-cycle schedule).</summary>
    public double LearningRate { get; init; } = 0.003;

    /// <summary>SGD momentum (Adam's β1 stays 0.9).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Learning-rate schedule.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.OneCycle;

    /// <summary>Epochs at which the step schedule multiplies the rate by <see cref="StepFactor"/>.</summary>
    public IReadOnlyList<int> Milestones { get; init; } = [];

    /// <summary>The step schedule's factor (0.1: divide by 10).</summary>
    public double StepFactor { get; init; } = 0.1;

    /// <summary>Epochs of linear warm-up from nearly 0 to the scheduled rate (0 for none; the one-cycle schedule has its own).</summary>
    public double WarmupEpochs { get; init; }

    /// <summary>Label smoothing of the cross-entropy loss (0 for none).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Random crop (4-pixel padding) and horizontal flip during training (off by default, as in the paper's main result).</summary>
    public bool Augment { get; init; }

    /// <summary>How images are normalised.</summary>
    public Preprocessing Preprocessing { get; init; } = Preprocessing.Standardize;

    /// <summary>Learning-rate multiplier for biases (the authors used 2).</summary>
    public double BiasLearningRateScale { get; init; } = 1;

    /// <summary>Whether biases get weight decay (the authors' cuda-convnet decays weights only).</summary>
    public bool DecayBiases { get; init; } = true;

    /// <summary>Learning-rate multiplier for the last layer's parameters (the authors used 0.1 on cccp6).</summary>
    public double LastLayerLearningRateScale { get; init; } = 1;

    /// <summary>The one seed behind initialisation, shuffling, augmentation and dropout.</summary>
    public long Seed { get; init; }

    /// <summary>"auto" (CUDA when available, else CPU), "cpu" or "cuda".</summary>
    public string Device { get; init; } = "auto";

    /// <summary>
    /// The forward pass's number format: <see cref="Training.Precision.Auto"/> (the default) is the CPU fast path,
    /// bfloat16 autocast with channels-last batches, on a CPU with native bfloat16, and float32 elsewhere (on a GPU too;
    /// with channels-last batches on other x86 CPUs with AVX2, see <see cref="ComputePath.Choose"/>);
    /// <see cref="Training.Precision.Float32"/> turns the fast path off. <see cref="Training.Precision.BFloat16"/> and
    /// <see cref="Training.Precision.Float16"/> ask for autocast explicitly (on CUDA too; untested there). Weights,
    /// optimizer state and checkpoints are float32 whatever this says (see <see cref="ComputePath"/>), so a run may
    /// resume with another precision; it repeats a straight run exactly only with the same one. `nin train --precision`.
    /// </summary>
    public Precision Precision { get; init; } = Precision.Auto;

    /// <summary>
    /// Memory layout of the input batches: <see cref="MemoryLayout.Auto"/> (the default) is channels-last with a
    /// lowered precision, and with float32 channels-last where <see cref="Precision"/> is auto on an x86 CPU with AVX2,
    /// channels-first otherwise (<see cref="ComputePath.Choose"/>). `nin train --layout`.
    /// </summary>
    public MemoryLayout Layout { get; init; } = MemoryLayout.Auto;

    /// <summary>Train on a random subset of this many images (null: all).</summary>
    public int? TrainSubset { get; init; }

    /// <summary>Test on a random subset of this many images (null: all).</summary>
    public int? TestSubset { get; init; }

    /// <summary>A batch loss above this (or NaN/∞) stops training with <see cref="TrainingDivergedException"/>.</summary>
    public double MaxLoss { get; init; } = 1000;

    /// <summary>
    /// The data folder the dataset was read from (<c>nin train</c> records it, so that a run is not resumed on other
    /// data); null when not recorded.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// The data the run trained on (split sizes and file hashes): the <see cref="Trainer"/> records the
    /// <see cref="Data.DatasetSplits.Fingerprint"/> of the splits it is given, whatever this held, and refuses to resume
    /// a checkpoint on data that differ from it. Null for splits made in memory, and in configurations written before
    /// it was recorded (those resume without the check).
    /// </summary>
    public Data.DataFingerprint? DataFingerprint { get; init; }

    /// <summary>
    /// The authors' recipe (cuda-convnet files NIN/cifar-10_def, cifar-10_params and README, converted to PyTorch terms;
    /// the paper itself gives only the batch size and "divide the rate by 10 at a plateau, twice"):
    /// batch 128; SGD, learning rate 0.1, momentum 0.9, weight decay 1e-4 on weights only; biases at 2× the rate; the
    /// last 1×1 layer (cccp6) at 0.1×; the rate divided by 10 after epochs 200 and 230, 260 epochs in all; global
    /// contrast normalisation + ZCA whitening; no augmentation (the paper's 10.41 % error; with
    /// <paramref name="augment"/> translation+flip, its 8.81 %). Deviations are listed in the training docs.
    /// </summary>
    /// <remarks>
    /// With fewer <paramref name="epochs"/> than 260 (a short trial), the two milestones keep their place in the run
    /// (200/260 and 230/260 of it); a run too short to reach either keeps one rate (a constant schedule).
    /// </remarks>
    public static TrainingConfig Paper(bool augment = false, int epochs = PaperEpochs)
    {
        var paper = PaperRecipe(augment, epochs);
        return paper.Milestones.Count > 0 ? paper : paper with { Schedule = ScheduleKind.Constant };
    }

    private static TrainingConfig PaperRecipe(bool augment, int epochs) => new()
    {
        Recipe = "paper",
        BatchNorm = false,
        Init = WeightInit.Paper,
        Epochs = epochs,
        BatchSize = 128,
        Optimizer = OptimizerKind.Sgd,
        LearningRate = 0.1,
        Momentum = 0.9,
        WeightDecay = 1e-4,
        Schedule = ScheduleKind.Step,
        Milestones = [.. PaperMilestones.Select(m => m * epochs / PaperEpochs).Where(m => m >= 1 && m < epochs).Distinct()],
        StepFactor = 0.1,
        WarmupEpochs = 0,
        Augment = augment,
        Preprocessing = Preprocessing.GcnZca,
        BiasLearningRateScale = 2,
        DecayBiases = false,
        LastLayerLearningRateScale = 0.1,
    };

    /// <summary>The paper's training length in epochs.</summary>
    public const int PaperEpochs = 260;

    /// <summary>The epochs after which the authors divided the learning rate by 10.</summary>
    private static readonly int[] PaperMilestones = [200, 230];

    /// <summary>Where <see cref="Paper"/> departs from the authors' cuda-convnet setup, and why.</summary>
    public static IReadOnlyList<string> PaperDeviations { get; } =
    [
        // cuda-convnet's terms, for whoever compares with the authors' files: epsW 1, weight cost 1e-5 and a loss
        // coefficient of 0.1 make the same update as lr 0.1 and weight decay 1e-4; epsB = 2 epsW; the weight cost is
        // not applied to biases.
        "The authors' update, in cuda-convnet's own terms, is written as PyTorch-style SGD: lr 0.1, momentum 0.9, weight decay 1e-4; the two are the same update.",
        "Biases: 2x the learning rate and no weight decay, as in the authors' files. The last 1x1 layer (cccp6) at 0.1x.",
        "The learning rate is divided by 10 at epochs 200 and 230 of 260, as the authors' README does by hand; with fewer epochs the milestones keep the same fractions of the run.",
        "The test split is evaluated once per epoch (the authors tested every 20 batches).",
        // The whitening is computed in float64 (GcnZcaWhitening); pylearn2, whose pipeline the authors reused, warns
        // that ZCA results differ slightly between platforms.
        "Preprocessing is global contrast normalisation (every image scaled to the same contrast) then ZCA whitening, both fitted on the training split; whitened images can differ slightly from machine to machine.",
        "Pooling uses ceil mode, like cuda-convnet's pooling grid (32 -> 16 -> 8).",
        "Random numbers come from TorchSharp, so individual runs differ from the authors' even with the same recipe.",
    ];

    /// <summary>Where the default recipe departs from the paper's, and why; <see cref="Paper"/> departs in none of these.</summary>
    public static IReadOnlyList<string> DefaultRecipeDepartures { get; } =
    [
        "BatchNorm after every convolution (Ioffe and Szegedy 2015, a year after NiN): each layer's inputs keep a steady scale, so a higher learning rate works (the one-cycle schedule still starts at a 25th of its peak and warms up).",
        "Adam (Kingma and Ba 2015) instead of SGD with momentum: it adapts each weight's step size and needs less tuning.",
        "A one-cycle learning rate (Smith and Topin 2019) over the whole run: it rises to 0.003 in the first 30 % and anneals to nearly 0, instead of dividing 0.1 by 10 at plateaus.",
        "Per-channel standardisation instead of global contrast normalisation and ZCA whitening: quicker to fit, and the same for every dataset.",
        "Biases at the same learning rate as weights and with weight decay; the last layer at the full rate.",
        "30 epochs instead of 260.",
    ];

    /// <summary>
    /// Throws a clear error for values that cannot train, or settings that contradict each other; call before any work
    /// starts. Every rule about a configuration is here, so a notebook gets the same checks as <c>nin train</c>. The
    /// error is a <see cref="TrainingSettingException"/> whose <see cref="TrainingSettingException.Setting"/> is the
    /// setting at fault (from <see cref="TrainingSettings.All"/>); its message begins with the setting's name here
    /// (<c>LearningRate</c>), which is also the exception's <see cref="ArgumentException.ParamName"/>. A command line names
    /// its own options instead, with <see cref="TrainingSettingException.MessageNaming"/>.
    /// </summary>
    /// <exception cref="TrainingSettingException">A setting is out of range or contradicts another.</exception>
    public void Validate()
    {
        var s = TrainingSettings.Setting;
        Rule(Data.Datasets.All.Any(d => d.Name == Dataset), $"{s(nameof(Dataset))}: unknown dataset '{Dataset}'; expected one of {string.Join(", ", Data.Datasets.Names)}.");
        AtLeastOne(Epochs, s(nameof(Epochs)));
        AtLeastOne(BatchSize, s(nameof(BatchSize)));
        Positive(LearningRate, s(nameof(LearningRate)));
        FitsFloat32(LearningRate, s(nameof(LearningRate)));
        FitsFloat32(LearningRate * BiasLearningRateScale, s(nameof(LearningRate)), s(nameof(BiasLearningRateScale)));
        FitsFloat32(LearningRate * LastLayerLearningRateScale, s(nameof(LearningRate)), s(nameof(LastLayerLearningRateScale)));
        Range(Momentum, 0, 1, s(nameof(Momentum)));
        Range(WeightDecay, 0, 1, s(nameof(WeightDecay)));
        Range(LabelSmoothing, 0, 1, s(nameof(LabelSmoothing)));
        Range(WarmupEpochs, 0, Epochs, s(nameof(WarmupEpochs)));
        Positive(MaxLoss, s(nameof(MaxLoss)));
        Positive(BiasLearningRateScale, s(nameof(BiasLearningRateScale)));
        Positive(LastLayerLearningRateScale, s(nameof(LastLayerLearningRateScale)));
        Rule(TrainSubset is not < 1, $"{s(nameof(TrainSubset))} must hold at least 1 image, got {TrainSubset}.");
        Rule(TestSubset is not < 1, $"{s(nameof(TestSubset))} must hold at least 1 image, got {TestSubset}.");
        Rule(Schedule != ScheduleKind.Step || Milestones.Count > 0,
            $"{s(nameof(Milestones))}: the step schedule needs at least one (an epoch after which the rate is divided by 10), or it would keep one rate.");
        Rule(Schedule == ScheduleKind.Step || Milestones.Count == 0, $"{s(nameof(Milestones))} only apply to the step schedule, not to {Schedule}.");
        Rule(Milestones.All(m => m >= 1 && m < Epochs),
            $"{s(nameof(Milestones))} are the epochs after which the step schedule divides the rate by 10; they must lie between 1 and {Epochs - 1}, got [{string.Join(", ", Milestones)}].");
        Rule(Schedule != ScheduleKind.OneCycle || WarmupEpochs == 0,
            $"{s(nameof(WarmupEpochs))}: the one-cycle schedule has its own warm-up; warm-up epochs go with the step, cosine or constant schedules.");
        Rule(Preprocessing != Preprocessing.GcnZca || Data.Datasets.Get(Dataset).IsCifarFormat,
            $"{s(nameof(Preprocessing))}: GCN + ZCA whitening is the paper's CIFAR preprocessing; {Dataset} uses per-channel standardisation.");
        Rule(!BatchNorm || ModelCatalog.All.FirstOrDefault(m => string.Equals(m.Name, Model, StringComparison.OrdinalIgnoreCase)) is not { CreateWithBatchNorm: null },
            $"{s(nameof(BatchNorm))}: the model {Model} has no variant with batch normalisation; set {s(nameof(BatchNorm))} to false.");
    }

    private static void Rule(bool holds, FormattableString message)
    {
        if (!holds)
        {
            throw new TrainingSettingException(message);
        }
    }

    /// <summary>
    /// The settings whose values differ between this configuration (as stored, e.g. in a checkpoint) and
    /// <paramref name="current"/>, in declaration order, each with both values as JSON text ("(none)" for null).
    /// </summary>
    public IReadOnlyList<(string Name, string Stored, string Current)> Differences(TrainingConfig current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var stored = JsonNode.Parse(ToJson())!.AsObject();
        var now = JsonNode.Parse(current.ToJson())!.AsObject();
        return
        [
            .. stored.Select(p => p.Key).Union(now.Select(p => p.Key))
                .Select(name => (Name: name, Stored: Text(stored[name]), Current: Text(now[name])))
                .Where(d => d.Stored != d.Current),
        ];

        static string Text(JsonNode? node) => node is null ? "(none)" : node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
    }

    /// <summary>The configuration as indented JSON (enums as names).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a configuration written by <see cref="ToJson"/>.</summary>
    /// <remarks>
    /// Configurations written before <see cref="BatchNorm"/> existed lack it; their networks had none, so it reads as false.
    /// </remarks>
    public static TrainingConfig FromJson(string json)
    {
        var stored = JsonNode.Parse(json);
        var config = stored.Deserialize<TrainingConfig>(Json) ?? throw new InvalidDataException("The training configuration JSON is empty.");
        return stored is JsonObject settings && !settings.ContainsKey(nameof(BatchNorm)) ? config with { BatchNorm = false } : config;
    }

    private static void AtLeastOne(int value, TrainingSetting setting) => Rule(value >= 1, $"{setting} must be at least 1, got {value}.");

    private static void Positive(double value, TrainingSetting setting) =>
        Rule(value > 0 && !double.IsInfinity(value), $"{setting} must be a positive number, got {value}.");

    /// <summary>Training runs in float32: a rate that does not fit would overflow inside the optimizer.</summary>
    private static void FitsFloat32(double value, TrainingSetting setting) =>
        Rule(!(value > float.MaxValue), $"{setting} must be at most {float.MaxValue} (the largest float32), got {value}.");

    private static void FitsFloat32(double value, TrainingSetting setting, TrainingSetting scale) =>
        Rule(!(value > float.MaxValue), $"{setting} × {scale} must be at most {float.MaxValue} (the largest float32), got {value}.");

    private static void Range(double value, double min, double max, TrainingSetting setting) =>
        Rule(value >= min && value <= max, $"{setting} must be between {min} and {max}, got {value}.");
}
