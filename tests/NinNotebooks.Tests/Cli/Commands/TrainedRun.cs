namespace NinNotebooks.Tests.Cli.Commands;

/// <summary>
/// One short finished run of <c>nin train</c> (NiN, 32 synthetic images in 2 batches, 1 epoch) shared by the tests of a class;
/// tests that change a run work on their own copy (<see cref="CopyTo"/>).
/// </summary>
public sealed class TrainedRun : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public TrainedRun()
    {
        var result = Nin.Run(["train", .. Options(DataDirectory), "--out", Folder]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The shared training run failed: {result.Error}");
        }
    }

    /// <summary>The data folder (the synthetic stand-in is generated there).</summary>
    public string DataDirectory => _root.File("data");

    /// <summary>The finished run's folder; do not change it.</summary>
    public string Folder => _root.File("run");

    /// <summary>The options of the run (with another number of epochs if given), without --out and --resume.</summary>
    public static string[] Options(string dataDirectory, int epochs = 1) =>
    [
        "--model", "nin-cifar10", "--dataset", "synthetic", "--data-dir", dataDirectory, "--subset", "32", "--test-subset", "16",
        "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch-size", "16", "--device", "cpu",
    ];

    /// <summary>A copy of the run folder at <paramref name="destination"/>.</summary>
    public string CopyTo(string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(Folder))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        return destination;
    }

    public void Dispose() => _root.Dispose();
}
