using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using NinNotebooks.Analysis;
using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Progress;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>
/// Trains a classifier on a dataset with one code path for CPU and GPU: it holds the model, the optimizer and the
/// training loop, and takes its batches from a <see cref="TrainingData"/> (subsets, preprocessing, augmentation and
/// loaders, on the training device). Metrics stay on the device, each batch runs in its own dispose scope, and values
/// are read back only when something is shown (a progress report) or recorded (the end of an epoch), so a GPU is never
/// made to wait for .NET. After every epoch the history, the last checkpoint and the best one (by test accuracy) are
/// written to the run folder, if one is given.
/// </summary>
/// <remarks>Taught in notebooks/05-training-nin.ipynb.</remarks>
public sealed class Trainer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly OptimizerHelper _optimizer;
    private readonly List<(optim.ILearningRateController Group, ParameterGroup Info)> _groups = [];
    private readonly LossScaler _scaler;

    /// <summary>
    /// Prepares a run: seeds the random generators with <see cref="TrainingConfig.Seed"/>, builds the model with
    /// <paramref name="createModel"/> on the chosen device, checks that it fits the data, prepares the data
    /// (<see cref="Data"/>) and builds the optimizer. Nothing is trained yet.
    /// </summary>
    /// <param name="config">The run's settings; validated first. <see cref="Config"/> is these with the data's <see cref="DatasetSplits.Fingerprint"/>.</param>
    /// <param name="createModel">Builds the model (called once, after seeding).</param>
    /// <param name="data">Training and test splits (uint8 images, as loaded); not disposed by the trainer.</param>
    /// <param name="runDirectory">Where history and checkpoints go after each epoch; null to keep everything in memory.</param>
    public Trainer(TrainingConfig config, Func<nn.Module<Tensor, Tensor>> createModel, DatasetSplits data, string? runDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentNullException.ThrowIfNull(data);
        config.Validate();
        Config = config with { DataFingerprint = data.Fingerprint };
        Device = DeviceChoice.Resolve(config.Device);
        Compute = ComputePath.Resolve(Device, config.Precision, config.Layout);
        _scaler = LossScaler.For(Compute);
        RunDirectory = runDirectory is null ? null : Path.GetFullPath(runDirectory);
        History = new TrainingHistory(data.Name, data.IsSynthetic);

        manual_seed(config.Seed);
        _model = createModel();
        try
        {
            if (config.Init is { } init)
            {
                WeightInitializer.Apply(_model, init);
            }

            _model.to(Device);
            CheckModelFits(data.Train);
            Data = new TrainingData(config, data, Device);
            _optimizer = CreateOptimizer();
        }
        catch
        {
            // Nothing half-built stays alive when the settings, the model or the data do not fit together.
            Data?.Dispose();
            _model.Dispose();
            throw;
        }
    }

    /// <summary>The run's settings.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The device training runs on.</summary>
    public Device Device { get; }

    /// <summary>How forward passes run: the resolved <see cref="TrainingConfig.Precision"/> and <see cref="TrainingConfig.Layout"/>.</summary>
    public ComputePath Compute { get; }

    /// <summary>The model being trained.</summary>
    public nn.Module<Tensor, Tensor> Model => _model;

    /// <summary>The run's data: subsets, preprocessing, augmentation and loaders, on <see cref="Device"/>.</summary>
    public TrainingData Data { get; }

    /// <summary>Per-epoch results so far.</summary>
    public TrainingHistory History { get; private set; }

    /// <summary>Epochs finished (and the index of the next epoch).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>The run folder, or null.</summary>
    public string? RunDirectory { get; }

    /// <summary>Training images per epoch (after any subset).</summary>
    public long TrainImages => Data.TrainImages;

    /// <summary>Where batch progress goes: a <see cref="ConsoleProgressBar"/>, an <see cref="HtmlProgressView"/>, or null.</summary>
    public IProgress<ProgressUpdate>? Progress { get; set; }

    /// <summary>Raised after each epoch with its record (e.g. to redraw a chart).</summary>
    public event Action<EpochRecord>? EpochCompleted;

    /// <summary>
    /// Raw images (uint8 N x C x H x W, as loaded) preprocessed exactly as the test split is, on the training device:
    /// what the model takes as input, e.g. to look inside it after training.
    /// </summary>
    public Tensor Prepare(Tensor images) => Data.Prepare(images);

    /// <summary>The last checkpoint in a run folder.</summary>
    public static string LastCheckpoint(string runDirectory) => Path.Combine(runDirectory, "last.ckpt");

    /// <summary>The best checkpoint (highest test accuracy) in a run folder.</summary>
    public static string BestCheckpoint(string runDirectory) => Path.Combine(runDirectory, "best.ckpt");

    /// <summary>Trains until <see cref="TrainingConfig.Epochs"/> epochs are complete and returns the history.</summary>
    /// <exception cref="TrainingDivergedException">The loss became NaN or exploded; the last good checkpoint is kept.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the last finished epoch's checkpoint is kept.</exception>
    public TrainingHistory Run(CancellationToken cancellation = default)
    {
        while (CompletedEpochs < Config.Epochs)
        {
            TrainEpoch(cancellation);
        }

        return History;
    }

    /// <summary>Trains one epoch, evaluates on the test split, records and saves the result.</summary>
    public EpochRecord TrainEpoch(CancellationToken cancellation = default)
    {
        var epoch = CompletedEpochs;
        var clock = Stopwatch.StartNew();

        // Dropout draws from the global generator: seed it per epoch, so a resumed run repeats the same masks.
        manual_seed((long)Seeds.Derive(Config.Seed, epoch, SeedPurpose.Dropout));
        _model.train();
        _scaler.Reset();
        var batches = Data.Train.BatchesPerEpoch;
        using var totals = new EpochTotals(Device, batches);
        var meter = new ProgressMeter(Progress, $"epoch {epoch + 1}/{Config.Epochs}", Data.TrainImages, "img");
        long seen = 0;
        var b = 0;
        foreach (var batch in Data.Train.Epoch(epoch))
        {
            cancellation.ThrowIfCancellationRequested();
            using (NewDisposeScope())
            {
                SetLearningRate(epoch, b);
                _optimizer.zero_grad();
                var logits = Compute.Forward(_model, batch.Images);
                var loss = nn.functional.cross_entropy(logits, batch.Labels, label_smoothing: Config.LabelSmoothing);
                _scaler.BackwardAndStep(loss, _optimizer);
                totals.Add(b, loss.detach(), logits.detach(), batch.Labels);
            }

            seen += batch.Size;
            b++;
            if (meter.Due || b == batches)
            {
                totals.CheckDivergence(b, Config.MaxLoss, epoch, Advice);
                meter.Report(seen, string.Create(CultureInfo.InvariantCulture, $"batch {b}/{batches}  loss {totals.MeanLoss(seen):0.0000}"));
            }
        }

        var trainTime = clock.Elapsed.TotalSeconds;
        var (testLoss, testAccuracy) = Evaluate();
        var record = new EpochRecord(
            epoch + 1,
            totals.MeanLoss(seen),
            totals.Accuracy(seen),
            testLoss,
            testAccuracy,
            Config.LearningRate * LearningRateSchedule.Factor(Config, epoch, batches - 1, batches),
            clock.Elapsed.TotalSeconds,
            seen / trainTime);
        History.Epochs.Add(record);
        CompletedEpochs++;
        SaveRun(record);
        EpochCompleted?.Invoke(record);
        return record;
    }

    /// <summary>Mean loss (plain cross-entropy) and accuracy on the test split, in eval mode without gradients.</summary>
    public (double Loss, double Accuracy) Evaluate() => Inference.Run(_model, () =>
    {
        using var totals = new EpochTotals(Device, Data.Test.BatchesPerEpoch);
        long seen = 0;
        var b = 0;
        foreach (var batch in Data.Test.Epoch(0))
        {
            using (NewDisposeScope())
            {
                var logits = Compute.Forward(_model, batch.Images);
                totals.Add(b++, nn.functional.cross_entropy(logits, batch.Labels), logits, batch.Labels);
            }

            seen += batch.Size;
        }

        return (totals.MeanLoss(seen), totals.Accuracy(seen));
    });

    /// <summary>Writes a checkpoint of the current state (model, optimizer, epoch, history, configuration).</summary>
    public void SaveCheckpoint(string path) =>
        Checkpoint.Save(path, new Checkpoint.Header(Config, CompletedEpochs, History), _model, _optimizer);

    /// <summary>
    /// Restores the state saved by <see cref="SaveCheckpoint"/>; training then continues exactly where it stopped. The
    /// checkpoint must come from a run with the same model and training settings (epochs and device may differ), and
    /// on the same data where both record them (<see cref="DataDifferences"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is damaged, or was made with other settings or on other data (the message lists them).</exception>
    public void LoadCheckpoint(string path)
    {
        var stored = Checkpoint.ReadHeader(path);
        var differences = ResumeDifferences(stored.Config, Config);
        if (differences.Count > 0)
        {
            throw new InvalidDataException(
                $"{path}: the checkpoint was made with other training settings ({string.Join(", ", differences.Select(d => $"{d.Name} {d.Stored}, now {d.Current}"))}); " +
                "resume with the same settings (only the epochs, the device, the precision and the layout may change).");
        }

        if (DataDifferences(stored.Config, Config) is { Count: > 0 } changes)
        {
            throw new InvalidDataException($"{path}: the data differ from the run's: {string.Join("; ", changes)}. Resume on the data the run was trained on.");
        }

        var header = Checkpoint.Load(path, _model, _optimizer);
        CompletedEpochs = header.CompletedEpochs;
        History = header.History;
    }

    /// <summary>
    /// The settings in which a run's stored configuration and the one it is resumed with differ, leaving out those that
    /// may change on resume (epochs, device, precision and layout: checkpoints are float32 whatever the path) and a data folder the checkpoint did not record.
    /// The data themselves are compared by <see cref="DataDifferences"/>.
    /// </summary>
    public static IReadOnlyList<(string Name, string Stored, string Current)> ResumeDifferences(TrainingConfig stored, TrainingConfig current)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(current);
        return stored
            .Differences(current)
            .Where(d => d.Name is not (nameof(TrainingConfig.Epochs) or nameof(TrainingConfig.Device) or nameof(TrainingConfig.Precision) or nameof(TrainingConfig.Layout) or nameof(TrainingConfig.DataFingerprint))
                && !(d.Name == nameof(TrainingConfig.DataDirectory) && stored.DataDirectory is null))
            .ToList();
    }

    /// <summary>
    /// How the data a run is resumed on differ from those its checkpoint recorded (see <see cref="DataFingerprint.Differences"/>),
    /// e.g. "training images 300 → 500"; empty when they agree, and when either configuration records no data (a
    /// checkpoint written before the data were recorded, or splits made in memory): those cannot be compared.
    /// </summary>
    public static IReadOnlyList<string> DataDifferences(TrainingConfig stored, TrainingConfig current)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(current);
        return stored.DataFingerprint is { } before && current.DataFingerprint is { } now ? before.Differences(now) : [];
    }

    /// <summary>
    /// After <see cref="LoadCheckpoint"/> of this run's last checkpoint, makes the run folder whole again, as if the
    /// writes after the checkpoint's epoch had all finished (a run killed between them leaves some missing or stale):
    /// history.json, history.csv and config.json are rewritten from the checkpoint's state, and best.ckpt is rebuilt
    /// when it is missing, damaged or older than the best epoch and that epoch is the checkpoint's own.
    /// </summary>
    /// <returns>What was repaired, one line each (empty when the folder was whole).</returns>
    public IReadOnlyList<string> RepairRunFolder()
    {
        if (RunDirectory is null || !File.Exists(LastCheckpoint(RunDirectory)))
        {
            return [];
        }

        var repaired = new List<string>();
        var best = BestCheckpoint(RunDirectory);
        if (History.Best is { } bestEpoch && !Holds(best, bestEpoch.Epoch))
        {
            if (bestEpoch.Epoch == CompletedEpochs)
            {
                using var last = File.OpenRead(LastCheckpoint(RunDirectory));
                AtomicFile.Write(best, last.CopyTo);
                repaired.Add($"best.ckpt: rewritten from last.ckpt (epoch {bestEpoch.Epoch} is the best so far)");
            }
            else
            {
                repaired.Add($"best.ckpt: missing or damaged, and epoch {bestEpoch.Epoch}'s weights are not kept anywhere else; it is written again when an epoch beats {TrainingReport.Percent(bestEpoch.TestAccuracy)}");
            }
        }

        Rewrite("history.json", History.ToJson(), reportChange: true);
        Rewrite("history.csv", History.ToCsv(), reportChange: true);
        Rewrite("config.json", Config.ToJson(), reportChange: false);   // changes when --epochs does: not a repair
        return repaired;

        void Rewrite(string name, string text, bool reportChange)
        {
            var path = Path.Combine(RunDirectory, name);
            var missing = !File.Exists(path);
            if (missing || File.ReadAllText(path) != text)
            {
                AtomicFile.WriteAllText(path, text);
                if (missing || reportChange)
                {
                    repaired.Add($"{name}: {(missing ? "missing" : "out of date")}, rewritten from the checkpoint");
                }
            }
        }

        static bool Holds(string path, int epoch)
        {
            try
            {
                return File.Exists(path) && Checkpoint.ReadHeader(path).CompletedEpochs == epoch;
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
        Data.Dispose();
    }

    private string Advice => RunDirectory is null
        ? "Try a lower --lr or some --warmup."
        : $"Try a lower --lr or some --warmup. The last good checkpoint is {LastCheckpoint(RunDirectory)} (if an epoch had finished).";

    private void CheckModelFits(ImageDataset train)
    {
        // The configuration is the run's record (config.json, checkpoints): it must say truly whether the network has BatchNorm.
        var hasBatchNorm = _model.modules().Any(m => m is BatchNorm2d);
        if (hasBatchNorm != Config.BatchNorm)
        {
            throw new ArgumentException(
                $"BatchNorm is {(Config.BatchNorm ? "true" : "false")}, but the model {Config.Model} has {(hasBatchNorm ? "BatchNorm layers" : "none")}; " +
                $"build it to match (e.g. new NiN(table, batchNorm: config.BatchNorm)) or set BatchNorm = {(hasBatchNorm ? "true" : "false")}.");
        }

        var shape = train.Images.shape;
        using var scope = NewDisposeScope();
        Tensor output;
        try
        {
            output = Inference.Run(_model, () => _model.call(zeros([2, shape[1], shape[2], shape[3]], device: Device)));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ExternalException)
        {
            throw new ArgumentException($"The model {Config.Model} cannot take {train.Name}'s {shape[1]}×{shape[2]}×{shape[3]} images: {ErrorText.Of(e)}", e);
        }

        if (output.dim() != 2 || output.shape[1] != train.NumClasses)
        {
            throw new ArgumentException(
                $"The model {Config.Model} outputs [{string.Join(", ", output.shape)}] for a batch of 2, but {train.Name} has {train.NumClasses} classes; choose a model made for this dataset.");
        }
    }

    /// <summary>The optimizer's parameter groups as set now: which parameters, their learning rate and weight decay.</summary>
    internal IEnumerable<ParameterGroup> ParameterGroups() => _groups.Select(g => g.Info with { LearningRate = g.Group.LearningRate });

    /// <summary>One optimizer parameter group: biases or weights, of the last layer or not.</summary>
    internal sealed record ParameterGroup(IReadOnlyList<string> Names, bool Bias, bool LastLayer, double Scale, double LearningRate, double WeightDecay);

    private OptimizerHelper CreateOptimizer()
    {
        // Groups by (bias?, last layer?), so the paper's per-layer rates and bias settings can apply.
        var named = _model.named_parameters().ToList();
        var last = named.Count > 0 ? Prefix(named[^1].name) : "";
        var groups = named
            .GroupBy(p => (Bias: p.name.EndsWith("bias", StringComparison.Ordinal), Last: Prefix(p.name) == last))
            .OrderBy(g => g.Key.Last).ThenBy(g => g.Key.Bias)
            .Select(g =>
            {
                var scale = (g.Key.Bias ? Config.BiasLearningRateScale : 1) * (g.Key.Last ? Config.LastLayerLearningRateScale : 1);
                var decay = g.Key.Bias && !Config.DecayBiases ? 0 : Config.WeightDecay;
                var info = new ParameterGroup([.. g.Select(p => p.name)], g.Key.Bias, g.Key.Last, scale, Config.LearningRate * scale, decay);
                return (Parameters: g.Select(p => p.parameter).ToList(), Info: info);
            })
            .ToList();

        OptimizerHelper optimizer = Config.Optimizer switch
        {
            OptimizerKind.Sgd => optim.SGD(
                groups.Select(g => new SGD.ParamGroup(g.Parameters, g.Info.LearningRate, Config.Momentum, 0, g.Info.WeightDecay, false, false)),
                Config.LearningRate, Config.Momentum),
            OptimizerKind.Adam => optim.Adam(
                groups.Select(g => new Adam.ParamGroup(g.Parameters, g.Info.LearningRate, 0.9, 0.999, 1e-8, g.Info.WeightDecay, false, false)),
                Config.LearningRate),
            _ => throw new ArgumentOutOfRangeException(nameof(Config), Config.Optimizer, "Unknown optimizer."),
        };
        _groups.AddRange(optimizer.ParamGroups.Zip(groups, (group, g) => (group, g.Info)));
        return optimizer;

        static string Prefix(string name) => name.Contains('.', StringComparison.Ordinal) ? name[..name.LastIndexOf('.')] : "";
    }

    private void SetLearningRate(int epoch, int batch)
    {
        var rate = Config.LearningRate * LearningRateSchedule.Factor(Config, epoch, batch, Data.Train.BatchesPerEpoch);
        foreach (var (group, info) in _groups)
        {
            group.LearningRate = rate * info.Scale;
        }
    }

    private void SaveRun(EpochRecord record)
    {
        if (RunDirectory is null)
        {
            return;
        }

        Directory.CreateDirectory(RunDirectory);
        SaveCheckpoint(LastCheckpoint(RunDirectory));
        if (History.Best == record)
        {
            using var last = File.OpenRead(LastCheckpoint(RunDirectory));
            AtomicFile.Write(BestCheckpoint(RunDirectory), last.CopyTo);
        }

        AtomicFile.WriteAllText(Path.Combine(RunDirectory, "history.json"), History.ToJson());
        AtomicFile.WriteAllText(Path.Combine(RunDirectory, "history.csv"), History.ToCsv());
        AtomicFile.WriteAllText(Path.Combine(RunDirectory, "config.json"), Config.ToJson());
    }
}
