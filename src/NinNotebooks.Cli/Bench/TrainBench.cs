using System.Diagnostics;
using NinNotebooks.Analysis;
using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Setup;
using NinNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Cli.Bench;

/// <summary>
/// <c>nin bench train</c>: images/s of a bare float32 TorchSharp loop and of the <see cref="Trainer"/> in float32,
/// in float32 channels-last and on its CPU fast path (<see cref="ComputePath"/>), all with the same model, batch,
/// optimizer and data in one process, measured in alternating rounds; the test accuracy each Trainer variant reaches;
/// forward passes at batch 128 in float32 and on the fast path; and process memory before and after.
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
            BatchNorm = false,                  // the model as the catalog builds it by default, the same in the bare loop
            Schedule = ScheduleKind.Constant,
            LearningRate = 0.01,
        };

        var fast = ComputePath.Resolve(CPU);
        var variants = new (string Label, string Key, TrainingConfig Config)[]
        {
            ("Trainer, float32", "trainer_fp32", config with { Precision = Precision.Float32 }),
            ("Trainer, float32 channels-last", "trainer_fp32_channels_last", config with { Precision = Precision.Float32, Layout = MemoryLayout.ChannelsLast }),
            ($"Trainer, fast path ({fast})", "trainer_fast", config with { Precision = Precision.Auto, Layout = MemoryLayout.Auto }),
        };

        var memoryBefore = WorkingSetMegabytes();
        var trainers = variants.Select(v => new Trainer(v.Config with { Epochs = rounds + 1 }, entry.Create, data)).ToList();
        try
        {
            using var bare = new BareLoop(entry.Create(), data.Train, config);
            log.WriteLine($"warm-up: one epoch of the bare loop and of each of {trainers.Count} Trainer variants");
            bare.Epoch();
            trainers.ForEach(t => t.TrainEpoch());
            var memoryWarm = WorkingSetMegabytes();
            var tensorsWarm = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var bareRates = new List<double>();
            var trainerRates = variants.Select(_ => new List<double>()).ToList();
            for (var round = 0; round < rounds; round++)
            {
                log.WriteLine($"round {round + 1}/{rounds}: bare loop, then each Trainer variant ({images} images each)");
                bareRates.Add(bare.Epoch());
                for (var i = 0; i < trainers.Count; i++)
                {
                    trainerRates[i].Add(trainers[i].TrainEpoch().ImagesPerSecond);
                }
            }

            var tensorsAfter = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var memoryAfter = WorkingSetMegabytes();
            var accuracies = trainers.Select(t => t.Evaluate().Accuracy).ToList();

            log.WriteLine("inference: forward passes at batch 128, float32 and the fast path");
            using var inferenceModel = entry.Create();
            using var generator = new Generator(3);
            using var batch = randn(128, 3, 32, 32, generator: generator);
            var inferencePlain = 128 / (Timing.Forward(inferenceModel, batch, ComputePath.Plain(CPU), runs: 5).MedianMilliseconds / 1000);
            var inferenceFast = 128 / (Timing.Forward(inferenceModel, batch, fast, runs: 5).MedianMilliseconds / 1000);

            var bareRate = Median(bareRates);
            var rates = trainerRates.Select(Median).ToList();
            var report = new BenchReport($"nin bench train ({model}, batch {config.BatchSize}, CPU, {Environment.ProcessorCount} cores, {CpuFeatures.Describe()}, SYNTHETIC images)")
                .Add("bare TorchSharp loop, float32 (median)", bareRate, "img/s", "bare_loop_img_per_s");
            for (var i = 0; i < variants.Length; i++)
            {
                report.Add($"{variants[i].Label} (median)", rates[i], "img/s", $"{variants[i].Key}_img_per_s");
            }

            report
                .Add("Trainer float32 / bare loop", 100 * rates[0] / bareRate, "%", "trainer_vs_bare_pct")
                .Add("fast path / Trainer float32", rates[2] / rates[0], "x", "fast_vs_trainer_fp32_ratio");
            for (var i = 0; i < variants.Length; i++)
            {
                report.Add($"{variants[i].Label}: test accuracy after {rounds + 1} epochs", 100 * accuracies[i], "%", $"{variants[i].Key}_accuracy_pct");
            }

            return report
                .Add("inference forward, float32 (batch 128)", inferencePlain, "img/s", "infer_fp32_img_per_s")
                .Add($"inference forward, fast path (batch 128)", inferenceFast, "img/s", "infer_fast_img_per_s")
                .Add("inference fast path / float32", inferenceFast / inferencePlain, "x", "infer_fast_vs_fp32_ratio")
                .Add("process memory before the run", memoryBefore, "MB", "memory_before_mb")
                .Add("process memory after warm-up", memoryWarm, "MB", "memory_warm_mb")
                .Add($"process memory after {rounds} more epochs", memoryAfter, "MB", "memory_after_mb")
                .Add($"live tensors added by those {rounds} epochs", tensorsAfter - tensorsWarm, "tensors", "live_tensors_added")
                .Add("fast path / bare loop float32", rates[2] / bareRate, "x", "fast_vs_bare_fp32_ratio")
                .Note("Each round runs the bare loop and every Trainer variant for one epoch in turn, in one process, so their figures are side by side. " +
                      "The Trainer shuffles, normalises, tracks loss and accuracy on the device and checks for divergence; the bare loop only slices pre-normalised batches. " +
                      "Trainer epochs exclude evaluation. Accuracies are on 128 synthetic test images (one image is 0.8 points), after the same epochs and seed.");
        }
        finally
        {
            trainers.ForEach(t => t.Dispose());
        }
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
                nn.functional.cross_entropy(_model.call(_images.narrow(0, start, size)), _labels.narrow(0, start, size)).backward();
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
