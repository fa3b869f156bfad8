using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using NinNotebooks.Analysis;
using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Training;

namespace NinNotebooks.Cli.Commands;

/// <summary>
/// <c>nin train</c>: train a model on a dataset, writing history, checkpoints and a report to the run folder; the last
/// line is <c>test accuracy: NN.NN%</c>.
/// </summary>
internal static partial class TrainCommand
{
    /// <summary>The command's options (a fresh set per command, as System.CommandLine expects).</summary>
    private sealed class Options
    {
        public readonly Option<string> ModelOption = new("--model") { Description = "Model from `nin models` (default nin-cifar10).", DefaultValueFactory = _ => "nin-cifar10" };
        public readonly Option<string> DatasetOption = new("--dataset") { Description = "cifar10, cifar100, mnist or synthetic (default cifar10).", DefaultValueFactory = _ => "cifar10" };
        public readonly Option<int?> EpochsOption = new("--epochs") { Description = "Epochs (default 30; 260 with --recipe paper)." };
        public readonly Option<int?> BatchSizeOption = new("--batch-size") { Description = "Images per batch (default 128)." };
        public readonly Option<double?> LrOption = new("--lr") { Description = "Base learning rate (default 0.003, the peak of the one-cycle schedule)." };
        public readonly Option<string?> ScheduleOption = new("--schedule") { Description = "step, cosine, onecycle or constant (default onecycle)." };
        public readonly Option<string?> MilestonesOption = new("--milestones") { Description = "For --schedule step: epochs after which the rate is divided by 10, e.g. 20,25." };
        public readonly Option<string?> OptimizerOption = new("--optimizer") { Description = "sgd or adam (default adam)." };
        public readonly Option<double?> MomentumOption = new("--momentum") { Description = "SGD momentum (default 0.9)." };
        public readonly Option<double?> WeightDecayOption = new("--weight-decay") { Description = "Weight decay (default 1e-4)." };
        public readonly Option<double?> WarmupOption = new("--warmup") { Description = "Epochs of linear learning-rate warm-up for the step, cosine or constant schedules (default 0; onecycle has its own)." };
        public readonly Option<double?> SmoothingOption = new("--label-smoothing") { Description = "Label smoothing (default 0)." };
        public readonly Option<string?> InitOption = new("--init") { Description = "Weight initialisation before training: paper (the authors' N(0, 0.05), default) or kaiming." };
        public readonly Option<bool?> BatchNormOption = new("--batch-norm") { Description = "true or false: BatchNorm after every convolution (default true; false with --recipe paper).", Arity = ArgumentArity.ExactlyOne };
        public readonly Option<bool> AugmentOption = new("--augment") { Description = "Random crop (pad 4) and horizontal flip, per image, on the training device." };
        public readonly Option<string> RecipeOption = new("--recipe") { Description = "default, or paper: the authors' settings (lr 0.1, momentum 0.9, wd 1e-4, step ÷10 at 200/230 of 260 epochs, GCN+ZCA).", DefaultValueFactory = _ => "default" };
        public readonly Option<string> DeviceOption = new("--device") { Description = "auto, cpu or cuda (default auto: CUDA when available).", DefaultValueFactory = _ => "auto" };
        public readonly Option<string> PrecisionOption = new("--precision") { Description = "auto, float32, bfloat16 or float16 (default auto: the fast path, bfloat16 autocast with channels-last, on a CPU with native bfloat16; float32 elsewhere, channels-last on x86 with AVX2). float32 alone is the plain path (channels-first); on CUDA bfloat16 and float16 are autocast (untested).", DefaultValueFactory = _ => "auto" };
        public readonly Option<string> LayoutOption = new("--layout") { Description = "auto, channels-first or channels-last: memory layout of the batches (default auto: channels-last with bfloat16 or float16, and with --precision auto on x86 with AVX2).", DefaultValueFactory = _ => "auto" };
        public readonly Option<string?> DataDirOption = new("--data-dir") { Description = $"The data folder (default ${DataRoot.EnvironmentVariable}, else the repository's data/)." };
        public readonly Option<string?> OutOption = new("--out") { Description = "Run folder for history, checkpoints and report (default runs/<model>-<dataset>)." };
        public readonly Option<bool> ResumeOption = new("--resume") { Description = "Continue the run in --out from its last checkpoint." };
        public readonly Option<long> SeedOption = new("--seed") { Description = "One seed for initialisation, shuffling, augmentation and dropout (default 0)." };
        public readonly Option<int?> SubsetOption = new("--subset") { Description = "Train on a random subset of this many images." };
        public readonly Option<int?> TestSubsetOption = new("--test-subset") { Description = "Evaluate on a random subset of this many test images." };

    }

    public static Command Create()
    {
        var o = new Options();
        var command = new Command("train", "Train a model (NiN by default) and write history, checkpoints and a report; ends with `test accuracy: NN.NN%`.")
        {
            o.ModelOption, o.DatasetOption, o.EpochsOption, o.BatchSizeOption, o.LrOption, o.ScheduleOption, o.MilestonesOption, o.OptimizerOption,
            o.MomentumOption, o.WeightDecayOption, o.WarmupOption, o.SmoothingOption, o.BatchNormOption, o.AugmentOption, o.InitOption, o.RecipeOption, o.DeviceOption, o.PrecisionOption, o.LayoutOption, o.DataDirOption,
            o.OutOption, o.ResumeOption, o.SeedOption, o.SubsetOption, o.TestSubsetOption,
        };
        // Every choice is checked by the parser (which lists the choices in --help and in its error) and looked up here.
        o.DatasetOption.AcceptOnlyFromAmong([.. Datasets.Names]);
        o.RecipeOption.AcceptOnlyFromAmong("default", "paper");
        o.ScheduleOption.AcceptOnlyFromAmong([.. Schedules.Keys]);
        o.OptimizerOption.AcceptOnlyFromAmong([.. Optimizers.Keys]);
        o.InitOption.AcceptOnlyFromAmong([.. Inits.Keys]);
        o.PrecisionOption.AcceptOnlyFromAmong([.. Precisions.Keys]);
        o.LayoutOption.AcceptOnlyFromAmong([.. Layouts.Keys]);
        // On a task of its own, so that System.CommandLine's Ctrl+C handling can cancel the token and wait for the batch to
        // end (with the body run inline it cannot see the action started, and ends the process at once with 130).
        command.SetAction((parse, cancellation) => Task.Run(() => CommandBody.WithTorch(parse, output => Train(parse, o, output, cancellation)), CancellationToken.None));
        return command;
    }

    /// <summary>Builds the configuration from the options; every invalid value or combination fails here, before any work.</summary>
    private static TrainingConfig Configure(ParseResult parse, Options o)
    {
        var recipe = parse.GetRequiredValue(o.RecipeOption);
        var augment = parse.GetValue(o.AugmentOption);
        TrainingConfig config;
        if (recipe == "paper")
        {
            var fixedByRecipe = new Option[] { o.InitOption, o.LrOption, o.ScheduleOption, o.MilestonesOption, o.OptimizerOption, o.MomentumOption, o.WeightDecayOption, o.BatchSizeOption }
                .Where(option => parse.GetResult(option) is { Implicit: false }).Select(option => option.Name).ToList();
            if (fixedByRecipe.Count > 0)
            {
                throw new ArgumentException($"--recipe paper sets {string.Join(", ", fixedByRecipe)} itself; leave {(fixedByRecipe.Count == 1 ? "it" : "them")} out, or drop --recipe paper.");
            }

            config = TrainingConfig.Paper(augment, parse.GetValue(o.EpochsOption) ?? TrainingConfig.PaperEpochs);
        }
        else
        {
            var defaults = new TrainingConfig();
            config = defaults with
            {
                Epochs = parse.GetValue(o.EpochsOption) ?? defaults.Epochs,
                BatchSize = parse.GetValue(o.BatchSizeOption) ?? defaults.BatchSize,
                LearningRate = parse.GetValue(o.LrOption) ?? defaults.LearningRate,
                Schedule = parse.GetValue(o.ScheduleOption) is { } schedule ? Schedules[schedule] : defaults.Schedule,
                Milestones = ParseMilestones(parse.GetValue(o.MilestonesOption)),
                Optimizer = parse.GetValue(o.OptimizerOption) is { } optimizer ? Optimizers[optimizer] : defaults.Optimizer,
                Momentum = parse.GetValue(o.MomentumOption) ?? defaults.Momentum,
                WeightDecay = parse.GetValue(o.WeightDecayOption) ?? defaults.WeightDecay,
                Augment = augment,
                Init = parse.GetValue(o.InitOption) is { } init ? Inits[init] : defaults.Init,
            };
        }

        config = config with
        {
            Model = parse.GetRequiredValue(o.ModelOption),
            Dataset = parse.GetRequiredValue(o.DatasetOption),
            WarmupEpochs = parse.GetValue(o.WarmupOption) ?? config.WarmupEpochs,
            BatchNorm = parse.GetValue(o.BatchNormOption) ?? config.BatchNorm,
            LabelSmoothing = parse.GetValue(o.SmoothingOption) ?? config.LabelSmoothing,
            Device = parse.GetRequiredValue(o.DeviceOption),
            Precision = Precisions[parse.GetRequiredValue(o.PrecisionOption)],
            Layout = Layouts[parse.GetRequiredValue(o.LayoutOption)],
            Seed = parse.GetValue(o.SeedOption),
            TrainSubset = parse.GetValue(o.SubsetOption),
            TestSubset = parse.GetValue(o.TestSubsetOption),
        };
        try
        {
            config.Validate();
            ModelCatalog.Get(config.Model).Build(config.BatchNorm).Dispose();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(InOptionNames(ErrorText.Of(e)), e);
        }
        ComputePath.Resolve(DeviceChoice.Resolve(config.Device), config.Precision, config.Layout);
        return config;
    }

    private static void Train(ParseResult parse, Options o, TextWriter output, CancellationToken cancellation)
    {
        // Everything that can be checked without data is checked first: options, the data folder, the run folder
        // (writable, not someone else's, not in use, and on resume its checkpoint and settings).
        var dataRoot = DataRoot.Resolve(parse.GetValue(o.DataDirOption));
        var config = Configure(parse, o) with { DataDirectory = dataRoot };
        var resume = parse.GetValue(o.ResumeOption);
        var outPath = parse.GetValue(o.OutOption) ?? Path.Combine("runs", $"{config.Model}-{config.Dataset}");
        using var run = resume ? RunFolder.Resume(outPath) : RunFolder.Start(outPath);
        if (resume && run.HasCheckpoint)
        {
            CheckResumable(run, config);
        }

        foreach (var removed in run.RemovedTemporaryFiles)
        {
            output.WriteLine($"Removed {removed}, left by a run that was stopped while writing.");
        }

        var bar = CommandBody.ProgressBar(parse);
        using var data = Datasets.Load(config.Dataset, dataRoot, progress: bar);
        if (config.Preprocessing == Preprocessing.GcnZca)
        {
            output.WriteLine("Fitting global contrast normalisation + ZCA whitening on the training split (about 30 s for CIFAR-10 on a CPU)...");
        }

        using var trainer = new Trainer(config, () => ModelCatalog.Get(config.Model).Build(config.BatchNorm), data, run.Path) { Progress = bar };
        if (resume && run.HasCheckpoint)
        {
            trainer.LoadCheckpoint(run.LastCheckpoint);
            output.WriteLine($"Resuming {run.Path} after epoch {trainer.CompletedEpochs}.");
            foreach (var repaired in trainer.RepairRunFolder())
            {
                output.WriteLine($"Repaired {repaired}.");
            }
        }
        else if (resume)
        {
            output.WriteLine($"Resuming {run.Path}: no epoch had finished, so the run starts from the beginning.");
        }

        var parameters = trainer.Model.CountParameters();
        if (data.IsSynthetic)
        {
            output.WriteLine("*** SYNTHETIC data: the generated stand-in, not CIFAR. Accuracy here says nothing about CIFAR. ***");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training {config.Model} ({parameters:N0} parameters) on {data.Name}: {trainer.TrainImages:N0} training images, {config.Epochs} epoch{(config.Epochs == 1 ? "" : "s")}, batch {config.BatchSize}, {config.Recipe} recipe, device {trainer.Device.type.ToString().ToLowerInvariant()} ({trainer.Compute})."));
        output.WriteLine($"Run folder: {run.Path}");
        trainer.EpochCompleted += e => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {e.Epoch,3}/{config.Epochs}  train loss {e.TrainLoss:0.0000} acc {TrainingReport.Percent(e.TrainAccuracy)}  test loss {e.TestLoss:0.0000} acc {TrainingReport.Percent(e.TestAccuracy)}  lr {e.LearningRate:0.#####}  {e.ImagesPerSecond:0} img/s  {e.Seconds:0.0} s"));

        try
        {
            trainer.Run(cancellation);
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException($"Stopped after epoch {trainer.CompletedEpochs}. Continue with the same options and --resume.");
        }

        var history = trainer.History;
        var report = Path.Combine(run.Path, "report.md");
        AtomicFile.WriteAllText(report, TrainingReport.Markdown(config, history, parameters, trainer.Device.type.ToString().ToLowerInvariant()));
        output.WriteLine(File.Exists(run.BestCheckpoint) ? $"Report: {report}; best checkpoint: {run.BestCheckpoint}" : $"Report: {report}");
        output.WriteLine($"test accuracy: {TrainingReport.Percent(history.Last!.TestAccuracy)}");
    }

    /// <summary>The run's last checkpoint is intact and was made with these options (only --epochs, --device, --precision and --layout may change).</summary>
    private static void CheckResumable(RunFolder run, TrainingConfig config)
    {
        Checkpoint.Header stored;
        try
        {
            stored = Checkpoint.ReadHeader(run.LastCheckpoint);
        }
        catch (InvalidDataException e)
        {
            var offer = Checkpoint.IsIntact(run.BestCheckpoint)
                ? $" {run.BestCheckpoint} is intact (saved after epoch {Checkpoint.ReadHeader(run.BestCheckpoint).CompletedEpochs}): to continue from there, copy it over last.ckpt (cp {run.BestCheckpoint} {run.LastCheckpoint}) and run the same command again."
                : $" {run.BestCheckpoint} cannot stand in for it ({(File.Exists(run.BestCheckpoint) ? "it is damaged too" : "it does not exist")}).";
            throw new InvalidDataException(ErrorText.Of(e) + offer, e);
        }

        var differences = Trainer.ResumeDifferences(stored.Config, config);
        if (differences.Count > 0)
        {
            var list = string.Join("; ", differences.Select(d => $"{OptionName(d.Name)} was {d.Stored}, now {d.Current}"));
            throw new ArgumentException(
                $"--resume: the run in {run.Path} was trained with other settings: {list}. Resume with the options it was started with (only --epochs, --device, --precision and --layout may change).");
        }
    }

    /// <summary>The option that sets each <see cref="TrainingConfig"/> property (the others only --recipe sets).</summary>
    private static readonly Dictionary<string, string> OptionOfSetting = new(StringComparer.Ordinal)
    {
        [nameof(TrainingConfig.Model)] = "--model",
        [nameof(TrainingConfig.Dataset)] = "--dataset",
        [nameof(TrainingConfig.Epochs)] = "--epochs",
        [nameof(TrainingConfig.BatchSize)] = "--batch-size",
        [nameof(TrainingConfig.LearningRate)] = "--lr",
        [nameof(TrainingConfig.Schedule)] = "--schedule",
        [nameof(TrainingConfig.Milestones)] = "--milestones",
        [nameof(TrainingConfig.Optimizer)] = "--optimizer",
        [nameof(TrainingConfig.Momentum)] = "--momentum",
        [nameof(TrainingConfig.WeightDecay)] = "--weight-decay",
        [nameof(TrainingConfig.WarmupEpochs)] = "--warmup",
        [nameof(TrainingConfig.LabelSmoothing)] = "--label-smoothing",
        [nameof(TrainingConfig.Init)] = "--init",
        [nameof(TrainingConfig.Augment)] = "--augment",
        [nameof(TrainingConfig.BatchNorm)] = "--batch-norm",
        [nameof(TrainingConfig.Recipe)] = "--recipe",
        [nameof(TrainingConfig.Seed)] = "--seed",
        [nameof(TrainingConfig.TrainSubset)] = "--subset",
        [nameof(TrainingConfig.TestSubset)] = "--test-subset",
        [nameof(TrainingConfig.DataDirectory)] = "--data-dir",
        [nameof(TrainingConfig.Precision)] = "--precision",
        [nameof(TrainingConfig.Layout)] = "--layout",
    };

    /// <summary>The option that sets a <see cref="TrainingConfig"/> property, or the property with a note when only --recipe does.</summary>
    private static string OptionName(string property) => OptionOfSetting.TryGetValue(property, out var option) ? option : $"{property} (set by --recipe)";

    /// <summary>A library message, which names settings (LearningRate), in this command's terms (--lr).</summary>
    private static string InOptionNames(string message) =>
        SettingName().Replace(message, m => OptionOfSetting.TryGetValue(m.Value, out var option) ? option : m.Value);

    private static readonly Dictionary<string, ScheduleKind> Schedules = new(StringComparer.Ordinal)
    {
        ["step"] = ScheduleKind.Step, ["cosine"] = ScheduleKind.Cosine, ["onecycle"] = ScheduleKind.OneCycle, ["constant"] = ScheduleKind.Constant,
    };

    private static readonly Dictionary<string, OptimizerKind> Optimizers = new(StringComparer.Ordinal) { ["sgd"] = OptimizerKind.Sgd, ["adam"] = OptimizerKind.Adam };

    private static readonly Dictionary<string, Precision> Precisions = new(StringComparer.Ordinal)
    {
        ["auto"] = Precision.Auto, ["float32"] = Precision.Float32, ["bfloat16"] = Precision.BFloat16, ["float16"] = Precision.Float16,
    };

    private static readonly Dictionary<string, MemoryLayout> Layouts = new(StringComparer.Ordinal)
    {
        ["auto"] = MemoryLayout.Auto, ["channels-first"] = MemoryLayout.ChannelsFirst, ["channels-last"] = MemoryLayout.ChannelsLast,
    };

    private static readonly Dictionary<string, WeightInit> Inits = new(StringComparer.Ordinal) { ["paper"] = WeightInit.Paper, ["kaiming"] = WeightInit.Kaiming };

    private static int[] ParseMilestones(string? text)
    {
        if (text is null)
        {
            return [];
        }

        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var epochs = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out epochs[i]))
            {
                throw new ArgumentException($"--milestones: expected epochs separated by commas, e.g. 20,25, got '{text}'.");
            }
        }

        return epochs;
    }

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+\b")]
    private static partial Regex SettingName();
}
