using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;
using NinNotebooks.Platform;

namespace NinNotebooks.Setup;

/// <summary>
/// Everything worth knowing when TorchSharp misbehaves on a machine: versions, where the native libraries
/// came from, whether the libstdc++ compatibility step was needed and applied, CUDA, threads, a smoke test,
/// and a verdict. <c>nin doctor</c> prints it.
/// </summary>
/// <param name="Facts">Label and value pairs, in the order they are shown.</param>
/// <param name="Healthy">Whether TorchSharp loaded and computed correctly.</param>
/// <param name="Verdict">One sentence: what works, or what is wrong and what to do.</param>
public sealed record DoctorReport(IReadOnlyList<KeyValuePair<string, string>> Facts, bool Healthy, string Verdict)
{
    /// <summary>Starts TorchSharp (if it has not started yet), runs a small forward and backward pass, and reports.</summary>
    public static DoctorReport Collect()
    {
        var facts = new List<KeyValuePair<string, string>>();
        void Add(string label, string value) => facts.Add(new(label, value));

        Add("OS", $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        Add(".NET", $"{RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} logical cores");

        TorchRuntimeInfo info;
        try
        {
            info = TorchRuntime.Initialize();
        }
        catch (TorchLoadException e)
        {
            AddCompatibility(facts, e.Compatibility);
            return new DoctorReport(facts, false, $"FAIL: TorchSharp cannot load here: {e.Cause}. See environment/README.md.");
        }

        Add("TorchSharp", $"{info.TorchSharpVersion} ({info.TorchSharpAssemblyPath})");
        Add("libtorch", $"{info.LibTorchVersion} ({info.LibTorchPath ?? "path not visible on this OS"})");
        Add("LibTorchSharp", info.NativeLibraryPath ?? "path not visible on this OS");
        Add("libtorch binding", info.LibTorchBinding?.ToString() ?? "not bound");
        AddCompatibility(facts, info.Compatibility);
        Add("FSharp.Core", info.FSharpCore.ToString());
        Add("Zeroed memory", info.ZeroedAllocations
            ? $"on, by {ZeroedAllocations.Method} (oneDNN's padded convolution weights read zeros, not leftovers)"
            : "not available here (not glibc): k×k convolutions whose widths are not multiples of 16 may compute with leftover memory");
        Add("Backend", info.Backend == "cuda" ? "cuda (TorchSharp-cuda-linux)" : "cpu (TorchSharp-cpu)");
        Add("CUDA", info.CudaAvailable
            ? $"available, {info.CudaDeviceCount} device(s)"
            : info.Backend == "cpu" ? "not available (CPU backend; build with -p:TorchBackend=cuda on a GPU machine)" : "not available");
        Add("Threads", $"{info.Threads} intra-op threads");
        Add("CPU", $"{CpuFeatures.Describe()}; training default: {Training.ComputePath.Resolve(CPU)}");
        Add("Allocator", info.Allocator);
        Add("Convolutions", info.Convolutions?.ToString() ?? "not checked");

        var failures = new List<string>();
        foreach (var device in info.CudaAvailable ? new[] { CPU, CUDA } : new[] { CPU })
        {
            var outcome = SmokeTest(device);
            Add($"Smoke test ({device.type.ToString().ToLowerInvariant()})", outcome ?? "conv forward + backward: ok");
            if (outcome is not null)
            {
                failures.Add(outcome);
            }
        }

        // After the start-up workaround: a student's network must train with correct gradients on this machine.
        var check = ConvolutionCheck.Run();
        Add("Convolution check", check.ToString());
        failures.AddRange(check.Wrong.Select(e => $"convolution wrong against float64: {e}"));

        var healthy = failures.Count == 0;
        var verdict = healthy
            ? $"OK: TorchSharp works on this machine ({(info.CudaAvailable ? "CUDA and CPU" : "CPU only")})."
            : $"FAIL: TorchSharp loaded but could not compute: {string.Join("; ", failures)}";
        return new DoctorReport(facts, healthy, verdict);
    }

    /// <summary>The report as aligned "label  value" lines followed by the verdict.</summary>
    public override string ToString()
    {
        var width = Facts.Max(f => f.Key.Length) + 2;
        var text = new StringBuilder("nin doctor\n");
        foreach (var (label, value) in Facts)
        {
            text.Append("  ").Append(label.PadRight(width)).Append(value).Append('\n');
        }

        return text.Append(Verdict).ToString();
    }

    private static void AddCompatibility(List<KeyValuePair<string, string>> facts, NativeCompatibilityReport report)
    {
        if (report.LibStdCxxPath is not null)
        {
            facts.Add(new("libstdc++", $"{report.LibStdCxxPath} (newest: {report.NewestGlibcxx ?? "unreadable"})"));
        }

        facts.Add(new("Compatibility step", report.Summary));
        facts.AddRange(report.Libraries.Select(l => new KeyValuePair<string, string>("", l.ToString())));
    }

    /// <summary>A 3x3 convolution forward and backward pass; null when it worked, else what went wrong.</summary>
    private static string? SmokeTest(Device device)
    {
        try
        {
            using var scope = NewDisposeScope();
            using var conv = nn.Conv2d(3, 4, 3, padding: 1, device: device);
            var input = ones(2, 3, 8, 8, device: device);
            var loss = conv.call(input).relu().mean();
            loss.backward();
            var gradient = conv.weight!.grad;
            return gradient is not null && gradient.isfinite().all().item<bool>() && loss.item<float>() >= 0
                ? null
                : "conv backward produced no finite gradient";
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            return $"{device.type}: {ErrorText.Of(e)}";
        }
    }
}
