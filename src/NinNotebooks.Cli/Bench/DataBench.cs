using System.Diagnostics;
using NinNotebooks.Data;
using static TorchSharp.torch;

namespace NinNotebooks.Cli.Bench;

/// <summary>
/// <c>nin bench data</c>: loading 60,000 CIFAR images from the six binary files into tensors, and augmentation
/// throughput at batch 128 on the CPU, beside a naive per-image loop measured in the same run.
/// </summary>
internal static class DataBench
{
    private const int BatchSize = 128;

    public static BenchReport Run(string? dataDir, int batches, TextWriter log)
    {
        var report = new BenchReport("nin bench data (CPU, batch 128)");
        var real = Path.Combine(DataRoot.Resolve(dataDir, "--data-dir"), DatasetSource.Cifar10.DirectoryName);
        string name, folder;
        string? scratch = null;
        if (DatasetStatus.Inspect("cifar10", real, DatasetSource.Cifar10.Downloads).State is DatasetState.Verified or DatasetState.Valid)
        {
            (name, folder) = ("cifar10", real);
            report.Note($"Files: CIFAR-10 in {real}.");
        }
        else
        {
            scratch = Path.Combine(Path.GetTempPath(), $"nin-bench-data-{Guid.NewGuid():N}");
            log.WriteLine("CIFAR-10 is not present: writing 50,000 + 10,000 SYNTHETIC images in the CIFAR-10 binary format to time loading...");
            var clock = Stopwatch.StartNew();
            SyntheticCifar.Write(scratch, 50_000, 10_000);
            report.Add("synthetic generation (60k)", clock.Elapsed.TotalSeconds, "s", "synthetic_generate_60k_s");
            (name, folder) = ("synthetic", scratch);
            report.Note("Files: SYNTHETIC CIFAR-format stand-in (same six files, same sizes as CIFAR-10; real CIFAR-10 not found).");
        }

        try
        {
            var load = Median(3, () =>
            {
                var clock = Stopwatch.StartNew();
                using var splits = Datasets.FromFolder(name, folder);
                return clock.Elapsed.TotalSeconds;
            });
            report.Add("load 60k images (median of 3)", load, "s", "load_60k_s");

            using var splits = Datasets.FromFolder(name, folder);
            MeasureAugmentation(splits.Train, batches, report);
        }
        finally
        {
            if (scratch is not null && Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        return report;
    }

    private static void MeasureAugmentation(ImageDataset train, int batches, BenchReport report)
    {
        using var augment = new RandomCropFlip(seed: 1);
        var batch = train.Images.narrow(0, 0, BatchSize);
        var random = new Random(1);

        double Tensorised()
        {
            using var scope = NewDisposeScope();
            augment.Apply(batch);
            return BatchSize;
        }

        // The way a per-sample transform pipeline does it: each image padded, cropped, maybe flipped, then stacked.
        double Naive()
        {
            using var scope = NewDisposeScope();
            var images = new Tensor[BatchSize];
            for (var i = 0; i < BatchSize; i++)
            {
                var padded = nn.functional.pad(batch[i], [4, 4, 4, 4]);
                var crop = padded.narrow(1, random.Next(9), 32).narrow(2, random.Next(9), 32).contiguous();
                images[i] = random.Next(2) == 1 ? crop.flip(2) : crop;
            }

            stack(images);
            return BatchSize;
        }

        var tensorised = Throughput(Tensorised, batches);
        var naive = Throughput(Naive, Math.Max(5, batches / 10));
        report.Add("augment: tensor ops (crop+flip)", tensorised, "img/s", "augment_tensor_img_per_s");
        report.Add("augment: naive per-image loop", naive, "img/s", "augment_naive_img_per_s");
        report.Add("speed-up over the loop", tensorised / naive, "x", "augment_speedup_x");

        using var loader = new BatchLoader(train, BatchSize, normalize: x => x.to(ScalarType.Float32).div_(255), augment: augment, seed: 1);
        var clock = Stopwatch.StartNew();
        long images = 0;
        foreach (var b in loader.Epoch(0).Take(batches))
        {
            images += b.Size;
        }

        report.Add("loader: shuffle+augment+normalise", images / clock.Elapsed.TotalSeconds, "img/s", "loader_img_per_s");
    }

    /// <summary>Images per second of <paramref name="step"/> (which returns images done) over <paramref name="repeats"/> calls after 3 warm-up calls.</summary>
    private static double Throughput(Func<double> step, int repeats)
    {
        for (var i = 0; i < 3; i++)
        {
            step();
        }

        var clock = Stopwatch.StartNew();
        double images = 0;
        for (var i = 0; i < repeats; i++)
        {
            images += step();
        }

        return images / clock.Elapsed.TotalSeconds;
    }

    private static double Median(int runs, Func<double> measure)
    {
        var times = Enumerable.Range(0, runs).Select(_ => measure()).Order().ToArray();
        return times[runs / 2];
    }
}
