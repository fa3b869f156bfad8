using System.CommandLine;
using System.Globalization;
using NinNotebooks.Data;

namespace NinNotebooks.Cli.Commands;

/// <summary><c>nin data download|info|synth</c>: put datasets in place and see what is there.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Download, inspect and generate datasets (CIFAR-10, CIFAR-100, MNIST, synthetic stand-in).")
        {
            Download(),
            Info(),
            Synth(),
        };
        return command;
    }

    private static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = $"The data folder (default: ${DataRoot.EnvironmentVariable}, else the repository's data/ folder).",
    };

    private static Command Download()
    {
        var name = new Argument<string>("dataset") { Description = "cifar10, cifar100 or mnist." };
        name.AcceptOnlyFromAmong([.. DatasetSource.All.Select(s => s.Name)]);
        var dataDir = DataDirOption();
        var command = new Command("download", "Download a dataset, check its published MD5, unpack and validate it (skipped when already present and valid).")
        {
            name, dataDir,
        };
        command.SetAction(parse => CommandBody.WithTorch(parse, output =>
        {
            var source = DatasetSource.Get(parse.GetRequiredValue(name));
            using var downloader = new DatasetDownloader();
            var folder = downloader.Ensure(source, DataRoot.Resolve(parse.GetValue(dataDir), dataDir.Name), CommandBody.ProgressBar(parse));
            var status = DatasetStatus.Inspect(source.Name, folder, source.Downloads);
            output.WriteLine($"{source.Name}: {status.State.ToString().ToLowerInvariant()} in {folder}");
            output.WriteLine($"  {status.Detail}");
        }));
        return command;
    }

    private static Command Info()
    {
        var dataDir = DataDirOption();
        var command = new Command("info", "Show which datasets are present, their sizes, and whether they are checksum-verified.") { dataDir };
        command.SetAction(parse => CommandBody.WithTorch(parse, output =>
        {
            var root = DataRoot.Resolve(parse.GetValue(dataDir), dataDir.Name);
            output.WriteLine($"Data folder: {root}");
            foreach (var status in DatasetStatus.InspectAll(root))
            {
                var size = status.Bytes > 0 ? string.Create(CultureInfo.InvariantCulture, $"{status.Bytes / 1e6:0.0} MB") : "-";
                output.WriteLine($"  {status.Name,-10} {status.State.ToString().ToLowerInvariant(),-9} {size,10}  {status.Detail}");
            }
        }));
        return command;
    }

    private static Command Synth()
    {
        var outDir = new Option<string>("--out") { Description = "The folder to create (must not exist or be empty).", Required = true };
        var count = new Option<int>("--count") { Description = "Training images (default 5000).", DefaultValueFactory = _ => Datasets.DefaultSyntheticTrainCount };
        var testCount = new Option<int?>("--test-count") { Description = "Test images (default: a fifth of --count)." };
        var seed = new Option<long>("--seed") { Description = "Random seed; the same seed gives the same files (default 0)." };
        var command = new Command("synth", "Write the synthetic CIFAR-format stand-in (10 shape classes) as CIFAR-10 binary files.")
        {
            outDir, count, testCount, seed,
        };
        command.SetAction(parse => CommandBody.WithTorch(parse, output =>
        {
            var train = parse.GetValue(count);
            var test = parse.GetValue(testCount) ?? Math.Max(10, train / 5);
            var folder = Path.GetFullPath(parse.GetRequiredValue(outDir));
            SyntheticCifar.Write(folder, train, test, parse.GetValue(seed));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote SYNTHETIC CIFAR-format data ({train:N0} train + {test:N0} test images, classes: {string.Join(", ", SyntheticCifar.ClassNames)}) to {folder}"));
        }));
        return command;
    }
}
