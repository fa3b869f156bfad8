using System.CommandLine;
using NinNotebooks.Cli.Bench;

namespace NinNotebooks.Cli.Commands;

/// <summary><c>nin bench ...</c>: benchmarks that print a table and, last, the same figures as one JSON line.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Use CIFAR-10 from this data folder when present (default: the usual data folder)." };
        var batches = new Option<int>("--batches") { Description = "Batches of 128 to time augmentation over (default 200).", DefaultValueFactory = _ => 200 };
        var data = new Command("data", "Time loading 60,000 CIFAR images into tensors and augmentation at batch 128 (beside a naive per-image loop).")
        {
            dataDir, batches,
        };
        data.SetAction(parse => CommandBody.WithTorch(parse, output =>
        {
            var count = parse.GetValue(batches);
            if (count < 1)
            {
                throw new ArgumentException($"--batches must be at least 1, got {count}.");
            }

            DataBench.Run(parse.GetValue(dataDir), count, parse.InvocationConfiguration.Error).Write(output);
        }));

        var model = new Option<string>("--model") { Description = "Model to train (default nin-cifar10).", DefaultValueFactory = _ => "nin-cifar10" };
        var images = new Option<int>("--images") { Description = "Synthetic training images per epoch (default 1280, ten batches).", DefaultValueFactory = _ => 1280 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds of bare loop and Trainer epochs (default 3).", DefaultValueFactory = _ => 3 };
        var train = new Command("train", "Trainer images/s (float32, float32 channels-last, the bfloat16 fast path where the CPU has it) beside a bare TorchSharp loop on the same model and batch; the accuracy each reaches (fails when one stays at chance); the CPU's features and the path auto chooses; process memory.")
        {
            model, images, rounds,
        };
        train.SetAction(parse => CommandBody.WithTorch(parse, output =>
        {
            var (count, repeat) = (parse.GetValue(images), parse.GetValue(rounds));
            if (count < 1 || repeat < 1)
            {
                throw new ArgumentException($"--images and --rounds must be at least 1, got {count} and {repeat}.");
            }

            var report = TrainBench.Run(parse.GetRequiredValue(model), count, repeat, parse.InvocationConfiguration.Error);
            report.Write(output);
            if (report.Failures.Count > 0)
            {
                // The figures are printed, but the run did not show equal accuracy: the command fails.
                throw new InvalidOperationException($"bench train: {report.Failures[0]}");
            }
        }));

        var cells = new Option<int>("--cells") { Description = "Trivial cells to time after warm-up (default 50).", DefaultValueFactory = _ => 50 };
        var notebooks = new Command("notebooks", "What running a notebook in the .NET Interactive kernel costs: kernel start, first cell, trivial cells, a package restore.") { cells };
        notebooks.SetAction(parse => CommandBody.WithTorch(parse, output =>
        {
            var count = parse.GetValue(cells);
            if (count < 1)
            {
                throw new ArgumentException($"--cells must be at least 1, got {count}.");
            }

            NotebookBench.Run(count, parse.InvocationConfiguration.Error).Write(output);
        }));

        return new Command("bench", "Benchmarks: print figures as a table and, as the last line, one JSON object.") { data, train, notebooks };
    }
}
