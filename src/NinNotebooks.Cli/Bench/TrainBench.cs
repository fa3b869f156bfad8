using System.Diagnostics;
using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Cli.Bench;

/// <summary>
/// <c>nin bench train</c>: images/s of the <see cref="Trainer"/> beside a bare TorchSharp loop (same model, batch,
/// optimizer and data, same process, measured in alternating rounds), and process memory before and after a
/// multi-epoch run.
/// </summary>
internal static class TrainBench
{
    public static BenchReport Run(string model, int images, int rounds, TextWriter log)
    {
        var entry = ModelCatalog.Get(model);
        var (trainImages, trainLabels) = SyntheticCifar.Generate(images, seed: 1);
        var (testImages, testLabels) = SyntheticCifar.Generate(128, seed: 2);
        using var data = new DatasetSplits(
            "synthetic CIFAR-format",
            new ImageDataset("synthetic train", trainImages, trainLabels, SyntheticCifar.ClassNames, isSynthetic: true),
            new ImageDataset("synthetic test", testImages, testLabels, SyntheticCifar.ClassNames, isSynthetic: true));
        var config = new TrainingConfig
        {
            Model = model,
            Dataset = "synthetic",
            Epochs = rounds,
            Device = "cpu",
            Schedule = ScheduleKind.Constant,
            LearningRate = 0.01,
        };

        var memoryBefore = WorkingSetMegabytes();
        using var trainer = new Trainer(config with { Epochs = rounds + 1 }, entry.Create, data);
        using var bare = new BareLoop(entry.Create(), data.Train, config);
        log.WriteLine("warm-up: one epoch of each");
        bare.Epoch();
        trainer.TrainEpoch();
        var memoryWarm = WorkingSetMegabytes();
        var tensorsWarm = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var trainerRates = new List<double>();
        var bareRates = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            log.WriteLine($"round {round + 1}/{rounds}: bare loop, then Trainer ({images} images each)");
            bareRates.Add(bare.Epoch());
            trainerRates.Add(trainer.TrainEpoch().ImagesPerSecond);
        }

        var tensorsAfter = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var memoryAfter = WorkingSetMegabytes();
        var trainerRate = Median(trainerRates);
        var bareRate = Median(bareRates);
        return new BenchReport($"nin bench train ({model}, batch {config.BatchSize}, CPU, {Environment.ProcessorCount} cores, SYNTHETIC images)")
            .Add("bare TorchSharp loop (median)", bareRate, "img/s", "bare_loop_img_per_s")
            .Add("Trainer (median)", trainerRate, "img/s", "trainer_img_per_s")
            .Add("Trainer / bare loop", 100 * trainerRate / bareRate, "%", "trainer_vs_bare_pct")
            .Add("process memory before the run", memoryBefore, "MB", "memory_before_mb")
            .Add("process memory after warm-up", memoryWarm, "MB", "memory_warm_mb")
            .Add($"process memory after {rounds} more epochs", memoryAfter, "MB", "memory_after_mb")
            .Add($"live tensors added by those {rounds} epochs", tensorsAfter - tensorsWarm, "tensors", "live_tensors_added")
            .Note("The Trainer shuffles, normalises, tracks loss and accuracy on the device and checks for divergence; the bare loop only slices pre-normalised batches. Trainer epochs exclude evaluation.");
    }

    private static double WorkingSetMegabytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1e6;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The minimal loop: pre-normalised images on the device, a slice per batch, forward, backward, step.</summary>
    private sealed class BareLoop : IDisposable
    {
        private readonly nn.Module<Tensor, Tensor> _model;
        private readonly optim.Optimizer _optimizer;
        private readonly Tensor _images;
        private readonly Tensor _labels;
        private readonly int _batch;

        public BareLoop(nn.Module<Tensor, Tensor> model, ImageDataset train, TrainingConfig config)
        {
            _model = model;
            _optimizer = optim.SGD(model.parameters(), config.LearningRate, config.Momentum, weight_decay: config.WeightDecay);
            using var norm = ChannelNormalization.Fit(train.Images);
            _images = norm.Apply(train.Images).DetachFromDisposeScope();
            _labels = train.Labels.alias().DetachFromDisposeScope();
            _batch = config.BatchSize;
        }

        /// <summary>One pass over the images; returns images per second.</summary>
        public double Epoch()
        {
            _model.train();
            var clock = Stopwatch.StartNew();
            var count = _images.shape[0];
            for (long start = 0; start < count; start += _batch)
            {
                using var scope = NewDisposeScope();
                var size = Math.Min(_batch, count - start);
                _optimizer.zero_grad();
                nn.functional.cross_entropy(_model.forward(_images.narrow(0, start, size)), _labels.narrow(0, start, size)).backward();
                _optimizer.step();
            }

            return count / clock.Elapsed.TotalSeconds;
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _model.Dispose();
            _images.Dispose();
            _labels.Dispose();
        }
    }
}
