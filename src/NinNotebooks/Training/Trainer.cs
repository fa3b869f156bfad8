using System.Diagnostics;
using System.Globalization;
using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Progress;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>
/// Trains a classifier on a dataset with one code path for CPU and GPU: it holds the model, the optimizer and the
/// training loop, and takes its batches from a <see cref="TrainingData"/> (subsets, preprocessing, augmentation and
/// loaders, on the training device). Metrics stay on the device, each batch runs in its own dispose scope, and values
/// are read back only when something is shown (a progress report) or recorded (the end of an epoch), so a GPU is never
/// made to wait for .NET. After every epoch the history, the last checkpoint and the best one (by test accuracy) are
/// written to the run folder, if one is given (Trainer.Resume.cs: saving, resuming and repairing a run).
/// </summary>
/// <remarks>Taught in notebooks/06-training-nin.ipynb.</remarks>
public sealed partial class Trainer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly OptimizerGroups _optimizer;
    private readonly TrainerCheckpoints? _files;
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
        _files = RunDirectory is null ? null : new TrainerCheckpoints(RunDirectory);
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
            ModelFit.Check(_model, Config, data.Train, Device);
            Data = new TrainingData(config, data, Device);
            _optimizer = new OptimizerGroups(_model, Config);
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

    /// <summary>Raw images (uint8 N x C x H x W, as loaded) preprocessed as the test split is, on the device: the model's input.</summary>
    public Tensor Prepare(Tensor images) => Data.Prepare(images);

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
        _model.train();
        _scaler.Reset();
        var batches = Data.Train.BatchesPerEpoch;
        using var totals = new EpochTotals(Device, batches);
        var meter = new ProgressMeter(Progress, $"epoch {epoch + 1}/{Config.Epochs}", Data.TrainImages, "img");
        long seen = 0;
        var b = 0;
        foreach (var batch in TrainingBatches(epoch))
        {
            cancellation.ThrowIfCancellationRequested();
            using (NewDisposeScope())
            {
                _optimizer.SetLearningRate(LearningRateAt(epoch, b));
                _optimizer.Optimizer.zero_grad();
                var logits = Compute.Forward(_model, batch.Images);
                var loss = nn.functional.cross_entropy(logits, batch.Labels, label_smoothing: Config.LabelSmoothing);
                _scaler.BackwardAndStep(loss, _optimizer.Optimizer);
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

        BatchLosses = totals.BatchLosses();
        var trainTime = clock.Elapsed.TotalSeconds;
        var (testLoss, testAccuracy) = Evaluate();
        var record = new EpochRecord(epoch + 1, totals.MeanLoss(seen), totals.Accuracy(seen), testLoss, testAccuracy,
            LearningRateAt(epoch, batches - 1), clock.Elapsed.TotalSeconds, seen / trainTime);
        History.Epochs.Add(record);
        CompletedEpochs++;
        SaveRun(record);
        EpochCompleted?.Invoke(record);
        return record;
    }

    /// <summary>
    /// The training batches of epoch <paramref name="epoch"/> (0-based), in the order <see cref="TrainEpoch"/> takes
    /// them, with the same shuffling and augmentation. Before the first batch it seeds the global generator for that
    /// epoch's dropout masks, as <see cref="TrainEpoch"/> does, so a loop written by hand over these batches, on a model
    /// that starts from the same weights, draws the same masks. Each batch's tensors are disposed when the next one is
    /// requested (see <see cref="BatchLoader.Epoch"/>).
    /// </summary>
    public IEnumerable<Batch> TrainingBatches(int epoch)
    {
        Check.NotNegative(epoch, nameof(epoch));
        return Seeded();

        IEnumerable<Batch> Seeded()
        {
            // Dropout draws from the global generator: seed it per epoch, so a resumed run repeats the same masks.
            manual_seed((long)Seeds.Derive(Config.Seed, epoch, SeedPurpose.Dropout));
            foreach (var batch in Data.Train.Epoch(epoch))
            {
                yield return batch;
            }
        }
    }

    /// <summary>
    /// The learning rate <see cref="TrainEpoch"/> sets before batch <paramref name="batch"/> of epoch
    /// <paramref name="epoch"/> (both 0-based): <see cref="TrainingConfig.LearningRate"/> times the schedule's
    /// <see cref="LearningRateSchedule.Factor"/>. Parameter groups with a scale (the paper recipe's biases and last
    /// layer) get this times their scale.
    /// </summary>
    public double LearningRateAt(int epoch, int batch) =>
        Config.LearningRate * LearningRateSchedule.Factor(Config, epoch, batch, Data.Train.BatchesPerEpoch);

    /// <summary>
    /// The loss of each batch of the last epoch <see cref="TrainEpoch"/> trained, in order (the mean over the batch's
    /// images, with <see cref="TrainingConfig.LabelSmoothing"/>), read back once at the end of the epoch; empty before
    /// the first. After <see cref="LoadCheckpoint"/> it is empty until an epoch is trained.
    /// </summary>
    public IReadOnlyList<double> BatchLosses { get; private set; } = [];

    /// <summary>Mean loss (plain cross-entropy) and accuracy on the test split, in eval mode without gradients.</summary>
    public (double Loss, double Accuracy) Evaluate() => EpochTotals.Evaluate(_model, Compute, Data.Test, Device);

    /// <inheritdoc/>
    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
        Data.Dispose();
    }

    /// <summary>The optimizer's parameter groups as set now: which parameters, their learning rate and weight decay.</summary>
    internal IEnumerable<ParameterGroup> ParameterGroups() => _optimizer.Current();
}
