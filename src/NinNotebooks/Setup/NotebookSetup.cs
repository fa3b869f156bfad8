using System.Globalization;
using System.Net;
using NinNotebooks.Data;
using NinNotebooks.Modules;
using NinNotebooks.Progress;
using NinNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Setup;

/// <summary>
/// What a notebook of the series trains on, resolved from its parameters for this machine: the dataset ("auto" is
/// CIFAR-10 when present or downloadable, else the synthetic stand-in), the device, the epochs and how many images.
/// On a GPU the defaults are the real thing; on a CPU they are scaled down so the notebook finishes in minutes, and
/// <see cref="Notes"/> says so. Owns the loaded data.
/// </summary>
public sealed class NotebookSetup : IDisposable
{
    private NotebookSetup(string datasetName, DatasetSplits data, Device device, int epochs, IReadOnlyList<string> notes) =>
        (DatasetName, Data, Device, Epochs, Notes) = (datasetName, data, device, epochs, notes);

    /// <summary>The dataset's short name: cifar10, cifar100, mnist or synthetic.</summary>
    public string DatasetName { get; }

    /// <summary>The data, already cut to the chosen number of images (on the CPU; trainers move it).</summary>
    public DatasetSplits Data { get; }

    /// <summary>The device to train on.</summary>
    public Device Device { get; }

    /// <summary>The epochs to train for.</summary>
    public int Epochs { get; }

    /// <summary>The authors' NiN configuration for this data: MNIST's, CIFAR-100's, else CIFAR-10's (also for the stand-in).</summary>
    public NinConfig NetworkConfig => Datasets.Get(DatasetName).Model.Network!;

    /// <summary>
    /// <paramref name="recipe"/> (default: <see cref="TrainingConfig"/>'s default recipe) with this setup's dataset,
    /// network, epochs and device filled in.
    /// </summary>
    public TrainingConfig Training(TrainingConfig? recipe = null) => (recipe ?? new TrainingConfig()) with
    {
        Dataset = DatasetName,
        Model = NetworkConfig.Name,
        Epochs = Epochs,
        Device = Device.type == DeviceType.CUDA ? "cuda" : "cpu",
    };

    /// <summary>Whether the data is the synthetic stand-in rather than a real dataset.</summary>
    public bool IsSynthetic => Data.IsSynthetic;

    /// <summary>Why each choice was made, one sentence each (shown under the notebook's setup cell).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Resolves the parameters and loads the data.</summary>
    /// <param name="dataset">auto, cifar10, cifar100, mnist or synthetic.</param>
    /// <param name="epochs">Epochs; 0 chooses <see cref="NotebookDefaults.GpuEpochs"/> on a GPU, <see cref="NotebookDefaults.CpuEpochs"/> on a CPU.</param>
    /// <param name="subset">Training images; 0 chooses all on a GPU and <see cref="NotebookDefaults.CpuSubset"/> on a CPU; -1 takes all.</param>
    /// <param name="device">auto, cpu or cuda.</param>
    /// <param name="defaults">The notebook's choices for 0 (default: <see cref="NotebookDefaults"/>'s).</param>
    /// <param name="dataDir">The data folder (default: <see cref="DataRoot"/>'s rules).</param>
    /// <param name="progress">Download progress, if a download happens.</param>
    public static NotebookSetup Load(string dataset = "auto", int epochs = 0, int subset = 0, string device = "auto",
        NotebookDefaults? defaults = null, string? dataDir = null, IProgress<ProgressUpdate>? progress = null) =>
        Load(dataset, epochs, subset, device, defaults, dataDir, progress, () => Datasets.Load("cifar10", dataDir, download: true, progress));

    /// <summary><see cref="Load(string, int, int, string, NotebookDefaults?, string?, IProgress{ProgressUpdate}?)"/>, with the way "auto" gets CIFAR-10 replaced (tests).</summary>
    internal static NotebookSetup Load(string dataset, int epochs, int subset, string device, NotebookDefaults? defaults, string? dataDir,
        IProgress<ProgressUpdate>? progress, Func<DatasetSplits> loadCifar10)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        defaults ??= new NotebookDefaults();
        if (epochs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"epochs must be 0 (chosen for this machine) or more, got {epochs}.");
        }

        if (subset < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(subset), subset, $"subset must be -1 (all), 0 (chosen for this machine) or a number of images, got {subset}.");
        }

        var name = dataset.Trim().ToLowerInvariant();
        if (name != "auto" && !Datasets.Names.Contains(name))
        {
            throw new ArgumentException($"dataset: expected auto, {string.Join(", ", Datasets.Names)}; got '{dataset}'.", nameof(dataset));
        }

        var target = DeviceChoice.Resolve(device);
        var gpu = target.type == DeviceType.CUDA;
        var notes = new List<string>();
        var data = name == "auto" ? LoadAuto(loadCifar10, dataDir, notes) : Datasets.Load(name, dataDir, download: true, progress);
        name = name == "auto" ? (data.IsSynthetic ? "synthetic" : "cifar10") : name;
        try
        {
            if (epochs == 0)
            {
                epochs = gpu ? defaults.GpuEpochs : defaults.CpuEpochs;
                notes.Add(gpu
                    ? Invariant($"{epochs} epochs (the notebook's GPU default).")
                    : Invariant($"{epochs} epochs, because this machine has no GPU (on a GPU the notebook trains {defaults.GpuEpochs}); set epochs to choose."));
            }

            var train = subset switch
            {
                0 when !gpu => Math.Min(defaults.CpuSubset, data.Train.Count),
                0 or -1 => data.Train.Count,
                _ => Math.Min(subset, data.Train.Count),
            };
            var test = subset == 0 && !gpu ? Math.Min(defaults.CpuTestSubset, data.Test.Count)
                : subset > 0 ? Math.Min(data.Test.Count, Math.Max(200, subset / 2))
                : data.Test.Count;
            if (train < data.Train.Count || test < data.Test.Count)
            {
                notes.Add(Invariant($"{train:N0} of {data.Train.Count:N0} training images and {test:N0} of {data.Test.Count:N0} test images") +
                    (subset == 0 ? ", to keep a CPU run short; set subset = -1 for all." : "."));
                data = Cut(data, train, test);
            }

            notes.Add($"Device: {target.type.ToString().ToLowerInvariant()}.");
            return new NotebookSetup(name, data, target, epochs, notes);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>The notes as plain text, with a SYNTHETIC warning first when it applies.</summary>
    public override string ToString() =>
        (IsSynthetic ? "SYNTHETIC DATA: the stand-in for CIFAR-10, not CIFAR-10; results on it are not comparable with the paper's.\n" : "") +
        $"{Data}\n" + string.Join("\n", Notes.Select(n => "- " + n));

    /// <summary>The same as an HTML block for a notebook, with the SYNTHETIC warning as a visible banner.</summary>
    public string ToHtml()
    {
        var banner = IsSynthetic
            ? "<div style=\"background:#fff3cd;border:2px solid #d39e00;padding:8px;margin:4px 0;font-weight:bold\">" +
              "SYNTHETIC DATA: this is the stand-in for CIFAR-10 (shapes, colours and textures), not CIFAR-10. " +
              "Results on it are not comparable with the paper's.</div>"
            : "";
        var items = string.Concat(Notes.Select(n => $"<li>{WebUtility.HtmlEncode(n)}</li>"));
        return $"{banner}<div><b>{WebUtility.HtmlEncode(Data.ToString())}</b><ul>{items}</ul></div>";
    }

    /// <inheritdoc />
    public void Dispose() => Data.Dispose();

    private static DatasetSplits LoadAuto(Func<DatasetSplits> loadCifar10, string? dataDir, List<string> notes)
    {
        try
        {
            var data = loadCifar10();
            notes.Add("dataset = auto: CIFAR-10.");
            return data;
        }
        catch (DatasetUnavailableException e)
        {
            var reason = e.Message.Split('\n')[0];
            notes.Add($"dataset = auto: CIFAR-10 is not here and could not be downloaded ({reason}), so the synthetic stand-in is used.");
            return Datasets.Load("synthetic", dataDir, download: false);
        }
    }

    private static DatasetSplits Cut(DatasetSplits data, long train, long test)
    {
        using (data)
        {
            var trainPart = data.Train.Subset(train);
            try
            {
                return new DatasetSplits(data.Name, trainPart, data.Test.Subset(test));
            }
            catch
            {
                trainPart.Dispose();
                throw;
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
