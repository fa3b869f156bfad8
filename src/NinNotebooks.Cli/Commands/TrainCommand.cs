using System.CommandLine;
using System.Globalization;
using NinNotebooks.Analysis;
using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Training;
using NinNotebooks.Platform;

namespace NinNotebooks.Cli.Commands;

/// <summary>
/// <c>nin train</c>: train a model on a dataset, writing history, checkpoints and a report to the run folder; the last
/// line is <c>test accuracy: NN.NN%</c>.
/// </summary>
internal static class TrainCommand
{
    /// <summary>The command's options (a fresh set per command, as System.CommandLine expects).</summary>
    private sealed class Options
    {
        /// <summary>One option per setting that has a command-line name, built from <see cref="TrainingSettings.All"/>.</summary>
        public readonly IReadOnlyList<(TrainingSetting Setting, Option Option)> Settings = [.. TrainingSettings.All.Where(s => s.Option is not null).Select(s => (s, Build(s)))];
        public readonly Option<string?> OutOption = new("--out") { Description = "Run folder for history, checkpoints and report (default runs/<model>-<dataset>)." };
        public readonly Option<bool> ResumeOption = new("--resume") { Description = "Continue the run in --out from its last checkpoint." };

        public Option Of(string setting) => Settings.First(s => s.Setting.Name == setting).Option;

        private static Option Build(TrainingSetting setting)
        {
            if (setting.IsSwitch)
            {
                return new Option<bool>(OptionName(setting)) { Description = setting.Description };
            }

            var option = new Option<string?>(OptionName(setting)) { Description = setting.Description };
            if (setting.Choices is { } choices)
            {
                // Checked by the parser, which lists the choices in --help and in its error.
                option.AcceptOnlyFromAmong([.. choices]);
            }

            return option;
        }
    }

    public static Command Create()
    {
        var o = new Options();
        var command = new Command("train", "Train a model (NiN by default) and write history, checkpoints and a report; ends with `test accuracy: NN.NN%`.");
        foreach (var (_, option) in o.Settings)
        {
            command.Options.Add(option);
        }

        command.Options.Add(o.OutOption);
        command.Options.Add(o.ResumeOption);
        // On a task of its own, so that System.CommandLine's Ctrl+C handling can cancel the token and wait for the batch to
        // end (with the body run inline it cannot see the action started, and ends the process at once with 130).
        command.SetAction((parse, cancellation) => Task.Run(() => CommandBody.WithTorch(parse, output => Train(parse, o, output, cancellation)), CancellationToken.None));
        return command;
    }

    /// <summary>Builds the configuration from the options; every invalid value or combination fails here, before any work.</summary>
    private static TrainingConfig Configure(ParseResult parse, Options o)
    {
        var given = o.Settings
            .Select(s => (s.Setting, Text: s.Option is Option<bool> flag ? (parse.GetValue(flag) ? "true" : null) : parse.GetValue((Option<string?>)s.Option)))
            .Where(s => s.Text is not null)
            .ToList();
        try
        {
            TrainingConfig config;
            if (given.Any(g => g.Setting.Name == nameof(TrainingConfig.Recipe) && g.Text == "paper"))
            {
                var fixedByRecipe = given.Where(g => g.Setting.FixedByPaperRecipe).Select(g => OptionName(g.Setting)).ToList();
                if (fixedByRecipe.Count > 0)
                {
                    throw new ArgumentException($"--recipe paper sets {string.Join(", ", fixedByRecipe)} itself; leave {(fixedByRecipe.Count == 1 ? "it" : "them")} out, or drop --recipe paper.");
                }

                // The paper's milestones keep their place in the run, so its length comes first.
                var epochs = given.Where(g => g.Setting.Name == nameof(TrainingConfig.Epochs)).Select(g => g.Setting.Parse(new TrainingConfig(), g.Text!).Epochs);
                config = TrainingConfig.Paper(epochs: epochs.DefaultIfEmpty(TrainingConfig.PaperEpochs).First());
                given.RemoveAll(g => g.Setting.Name == nameof(TrainingConfig.Epochs));
            }
            else
            {
                config = new TrainingConfig();
            }

            foreach (var (setting, text) in given.Where(g => g.Setting.Name != nameof(TrainingConfig.Recipe)))
            {
                config = setting.Parse(config, text!);
            }

            config.Validate();
            ModelCatalog.Get(config.Model).Build(config.BatchNorm).Dispose();
            ComputePath.Resolve(DeviceChoice.Resolve(config.Device), config.Precision, config.Layout);
            return config;
        }
        catch (TrainingSettingException e)
        {
            throw new ArgumentException(e.MessageNaming(s => s.Option is null ? s.Name : OptionName(s)), e);
        }
    }

    private static void Train(ParseResult parse, Options o, TextWriter output, CancellationToken cancellation)
    {
        // Everything that can be checked without data is checked first: options, the data folder, the run folder
        // (writable, not someone else's, not in use, and on resume its checkpoint and settings).
        var dataOption = (Option<string?>)o.Of(nameof(TrainingConfig.DataDirectory));
        var dataRoot = DataRoot.Resolve(parse.GetValue(dataOption), dataOption.Name);
        var config = Configure(parse, o) with { DataDirectory = dataRoot };
        var resume = parse.GetValue(o.ResumeOption);
        var outPath = parse.GetValue(o.OutOption) ?? Path.Combine("runs", $"{config.Model}-{config.Dataset}");
        var naming = new RunFolder.Naming(o.OutOption.Name, o.ResumeOption.Name);
        using var run = resume ? RunFolder.Resume(outPath, naming) : RunFolder.Start(outPath, naming);
        var stored = resume && run.HasCheckpoint ? CheckResumable(run, config) : null;

        foreach (var removed in run.RemovedTemporaryFiles)
        {
            output.WriteLine($"Removed {removed}, left by a run that was stopped while writing.");
        }

        var bar = CommandBody.ProgressBar(parse);
        using var data = Datasets.Load(config.Dataset, dataRoot, progress: bar);
        if (stored is not null)
        {
            CheckSameData(stored, config, data);
        }

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
        var report = run.WriteReport(config, history, parameters, trainer.Device.type.ToString().ToLowerInvariant());
        output.WriteLine(File.Exists(run.BestCheckpoint) ? $"Report: {report}; best checkpoint: {run.BestCheckpoint}" : $"Report: {report}");
        output.WriteLine($"test accuracy: {TrainingReport.Percent(history.Last!.TestAccuracy)}");
    }

    /// <summary>
    /// The run's last checkpoint is intact and was made with these options (only --epochs, --device, --precision and
    /// --layout may change); returns its header.
    /// </summary>
    private static Checkpoint.Header CheckResumable(RunFolder run, TrainingConfig config)
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

        var differences = ResumeRules.Differences(stored.Config, config);
        if (differences.Count > 0)
        {
            var list = string.Join("; ", differences.Select(d => $"{ResumeName(d.Setting)} was {d.Stored}, now {d.Current}"));
            var mayChange = ResumeRules.MayChange.Select(OptionName).ToList();
            throw new ArgumentException(
                $"--resume: the run in {run.Path} was trained with other settings: {list}. Resume with the options it was started with (only {string.Join(", ", mayChange[..^1])} and {mayChange[^1]} may change).");
        }

        return stored;
    }

    /// <summary>
    /// The data just loaded are those the run's checkpoint records (checked before the trainer prepares them, which
    /// for --recipe paper takes half a minute); a checkpoint that records none is not checked.
    /// </summary>
    private static void CheckSameData(Checkpoint.Header stored, TrainingConfig config, DatasetSplits data)
    {
        var changes = ResumeRules.DataDifferences(stored.Config, config with { DataFingerprint = data.Fingerprint });
        if (changes.Count > 0)
        {
            throw new ArgumentException(
                $"--resume: the data in {data.Folder} differ from the run's: {string.Join("; ", changes)}. Resume on the data the run was trained on, or start a new run with another --out.");
        }
    }

    /// <summary>The option that sets a setting, e.g. --lr.</summary>
    private static string OptionName(TrainingSetting setting) => $"--{setting.Option}";

    /// <summary>The option that sets a setting, or the setting with a note when only --recipe does.</summary>
    private static string ResumeName(TrainingSetting setting) => setting.Option is null ? $"{setting.Name} (set by --recipe)" : OptionName(setting);
}
