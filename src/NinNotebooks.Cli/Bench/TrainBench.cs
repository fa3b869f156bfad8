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
/// <c>nin bench train</c>: images/s of a bare TorchSharp loop and of the <see cref="Trainer"/> in float32
/// channels-first, in float32 channels-last and, where the CPU computes bfloat16 natively, on its bfloat16 fast path
/// (<see cref="ComputePath"/>), all with the same model (the default recipe's NiN with BatchNorm), batch, Adam
/// optimizer and data in one process, measured in alternating rounds; the test accuracy each Trainer variant reaches
/// with the default recipe's one-cycle schedule, checked to be above chance; forward passes at batch 128 in float32
/// and on the path <c>auto</c> chooses; the CPU's instruction sets; and process memory before and after.
/// </summary>
internal static class TrainBench
{
    /// <summary>Synthetic test images each variant is evaluated on (one image is 0.2 points).</summary>
    public const int TestImages = 512;

    public static BenchReport Run(string model, int images, int rounds, TextWriter log)
    {
        var entry = ModelCatalog.Get(model);
        var (trainImages, trainLabels) = SyntheticCifar.Generate(images, seed: 1);
        var (testImages, testLabels) = SyntheticCifar.Generate(TestImages, seed: 2);
        using var data = new DatasetSplits(
            "synthetic CIFAR-format",
            new ImageDataset("synthetic train", trainImages, trainLabels, SyntheticCifar.ClassNames, isSynthetic: true),
            new ImageDataset("synthetic test", testImages, testLabels, SyntheticCifar.ClassNames, isSynthetic: true));

        // The default recipe (BatchNorm, Adam, one-cycle over the whole run), so that every variant learns within its
        // epochs and their accuracies can be compared; the bare loop has the same model and optimizer.
        var config = new TrainingConfig
        {
            Model = model,
            Dataset = "synthetic",
            Epochs = rounds + 1,
            Device = "cpu",
        };

        var features = CpuFeatures.Current;
        var chosen = ComputePath.Resolve(CPU);
        var variants = new List<(string Label, string Key, TrainingConfig Config)>
        {
            ("Trainer, float32", "trainer_fp32", config with { Precision = Precision.Float32, Layout = MemoryLayout.ChannelsFirst }),
            ("Trainer, float32 channels-last", "trainer_fp32_channels_last", config with { Precision = Precision.Float32, Layout = MemoryLayout.ChannelsLast }),
        };
        if (chosen.IsMixedPrecision)
        {
            variants.Add(($"Trainer, fast path ({chosen})", "trainer_fast", config with { Precision = Precision.Auto, Layout = MemoryLayout.Auto }));
        }

        var auto = variants.FindIndex(v => ComputePath.Resolve(CPU, v.Config.Precision, v.Config.Layout).ToString() == chosen.ToString());
        var memoryBefore = WorkingSetMegabytes();
        var trainers = variants.Select(v => new Trainer(v.Config, () => entry.Build(config.BatchNorm), data)).ToList();
        try
        {
            using var bare = new BareLoop(entry.Build(config.BatchNorm), data.Train, config);
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

            log.WriteLine($"inference: forward passes at batch 128, float32 and {chosen}");
            using var inferenceModel = entry.Build(config.BatchNorm);
            inferenceModel.eval();
            using var generator = new Generator(3);
            using var batch = randn(128, 3, 32, 32, generator: generator);
            var inferencePlain = 128 / (Timing.Forward(inferenceModel, batch, ComputePath.Plain(CPU), runs: 5).MedianMilliseconds / 1000);
            var inferenceAuto = 128 / (Timing.Forward(inferenceModel, batch, chosen, runs: 5).MedianMilliseconds / 1000);

            var bareRate = Median(bareRates);
            var rates = trainerRates.Select(Median).ToList();
            var report = new BenchReport($"nin bench train ({model} with BatchNorm, Adam one-cycle, batch {config.BatchSize}, CPU, {Environment.ProcessorCount} cores, SYNTHETIC images)")
                .Text("CPU", CpuFeatures.Describe(), "cpu")
                .Text("CPU features oneDNN uses", features.Names, "cpu_features")
                .Text("path auto chooses", chosen.ToString(), "chosen_path")
                .Add("bare TorchSharp loop, float32 (median)", bareRate, "img/s", "bare_loop_img_per_s");
            for (var i = 0; i < variants.Count; i++)
            {
                report.Add($"{variants[i].Label} (median){(i == auto ? " <- auto" : "")}", rates[i], "img/s", $"{variants[i].Key}_img_per_s");
            }

            report
                .Add("Trainer float32 / bare loop", 100 * rates[0] / bareRate, "%", "trainer_vs_bare_pct")
                .Add("Trainer float32 channels-last / Trainer float32", rates[1] / rates[0], "x", "channels_last_vs_trainer_fp32_ratio")
                .Add("auto's path / Trainer float32", rates[auto] / rates[0], "x", "auto_vs_trainer_fp32_ratio");
            var chance = 1.0 / SyntheticCifar.ClassNames.Count;
            for (var i = 0; i < variants.Count; i++)
            {
                report.Add($"{variants[i].Label}: test accuracy after {config.Epochs} epochs", 100 * accuracies[i], "%", $"{variants[i].Key}_accuracy_pct");
                if (!AboveChance(accuracies[i], SyntheticCifar.ClassNames.Count, TestImages))
                {
                    report.Fail(
                        $"{variants[i].Label} reached {100 * accuracies[i]:0.00} % test accuracy, not above chance ({100 * chance:0} % plus 3 standard errors, " +
                        $"{100 * ChanceThreshold(SyntheticCifar.ClassNames.Count, TestImages):0.00} %): the variants are not compared at equal accuracy. Give it more --images or --rounds.");
                }
            }

            report
                .Add("largest accuracy difference between variants", 100 * (accuracies.Max() - accuracies.Min()), "points", "accuracy_spread_pct")
                .Add("inference forward, float32 (batch 128)", inferencePlain, "img/s", "infer_fp32_img_per_s")
                .Add($"inference forward, auto's path (batch 128)", inferenceAuto, "img/s", "infer_auto_img_per_s")
                .Add("inference auto's path / float32", inferenceAuto / inferencePlain, "x", "infer_auto_vs_fp32_ratio")
                .Add("process memory before the run", memoryBefore, "MB", "memory_before_mb")
                .Add("process memory after warm-up", memoryWarm, "MB", "memory_warm_mb")
                .Add($"process memory after {rounds} more epochs", memoryAfter, "MB", "memory_after_mb")
                .Add($"live tensors added by those {rounds} epochs", tensorsAfter - tensorsWarm, "tensors", "live_tensors_added")
                .Add("auto's path / bare loop float32", rates[auto] / bareRate, "x", "auto_vs_bare_fp32_ratio");
            if (chosen.IsMixedPrecision)
            {
                report.Add("fast path / bare loop float32", rates[auto] / bareRate, "x", "fast_vs_bare_fp32_ratio");
            }
            else
            {
                report.Note($"No bfloat16 fast path on this CPU ({features.Names}): no fast-path ratio; auto chose {chosen}.");
            }

            return report
                .Note("Each round runs the bare loop and every Trainer variant for one epoch in turn, in one process, so their figures are side by side. " +
                      "The Trainer shuffles, normalises, tracks loss and accuracy on the device, follows the one-cycle schedule and checks for divergence; the bare loop only slices pre-normalised batches (Adam at a constant rate). " +
                      $"Trainer epochs exclude evaluation. Accuracies are on {TestImages} synthetic test images (one image is {100.0 / TestImages:0.0} points), after the same epochs and seed.");
        }
        finally
        {
            trainers.ForEach(t => t.Dispose());
        }
    }

    /// <summary>
    /// The accuracy a classifier that guesses reaches on <paramref name="testImages"/> images of
    /// <paramref name="classes"/> balanced classes with a chance of about one in a thousand: 1/classes plus three
    /// binomial standard errors (for 10 classes and 512 images, 13.98 %).
    /// </summary>
    internal static double ChanceThreshold(int classes, int testImages)
    {
        var p = 1.0 / classes;
        return p + 3 * Math.Sqrt(p * (1 - p) / testImages);
    }

    /// <summary>Whether <paramref name="accuracy"/> shows learning: above <see cref="ChanceThreshold"/>.</summary>
    internal static bool AboveChance(double accuracy, int classes, int testImages) => accuracy > ChanceThreshold(classes, testImages);

    private static double WorkingSetMegabytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1e6;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The minimal loop: pre-normalised images on the device, a slice per batch, forward, backward, Adam step.</summary>
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
            _optimizer = optim.Adam(model.parameters(), config.LearningRate, weight_decay: config.WeightDecay);
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
