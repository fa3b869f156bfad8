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
        data.SetAction(parse => TorchCommand.Run(parse, output =>
        {
            var count = parse.GetValue(batches);
            if (count < 1)
            {
                throw new ArgumentException($"--batches must be at least 1, got {count}.");
            }

            DataBench.Run(parse.GetValue(dataDir), count, parse.InvocationConfiguration.Error).Write(output);
        }));

        return new Command("bench", "Benchmarks: print figures as a table and, as the last line, one JSON object.") { data };
    }
}
