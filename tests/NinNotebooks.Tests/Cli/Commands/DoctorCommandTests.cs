using NinNotebooks.Setup;
using NinNotebooks.Tests.Setup;
using NinNotebooks.Platform;

namespace NinNotebooks.Tests.Cli.Commands;

[Trait(TestCategory.Name, TestCategory.Integration)]
public class DoctorCommandTests
{
    [Fact]
    public void OnAWorkingMachine_PrintsTheReportAndSucceeds()
    {
        var result = Nin.Run("doctor");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("nin doctor", result.OutputLines[0]);
        Assert.StartsWith("OK: TorchSharp works on this machine", result.OutputLines[^1]);
        Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith("Compatibility step", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith("CUDA", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith("Threads", StringComparison.Ordinal));
    }

    /// <summary>
    /// Settings that change what .NET or oneDNN use do not change what the CPU is, nor whether convolutions are checked:
    /// <c>DOTNET_EnableAVX512=0</c> hides AVX-512 from .NET's own code only (oneDNN finds the CPU's instruction sets
    /// itself), and <c>ONEDNN_MAX_CPU_ISA=AVX2</c> caps oneDNN's kernels, which the doctor names beside the CPU's own.
    /// The start-up check of the convolutions where oneDNN's defect was seen runs whatever is set.
    /// </summary>
    [Theory]
    [InlineData("DOTNET_EnableAVX512", "0")]
    [InlineData("ONEDNN_MAX_CPU_ISA", "AVX2")]
    public void WithASettingThatHidesInstructionSets_TheCpuIsNamedAsItIs_AndConvolutionsAreStillChecked(string variable, string value)
    {
        var result = ChildProcess.Run(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "nin.dll"), "doctor"], AppContext.BaseDirectory,
            environment: new Dictionary<string, string> { [variable] = value });

        Assert.True(result.ExitCode == 0, result.All);
        var lines = result.Output.Split('\n');
        var cpu = lines.Single(l => l.TrimStart().StartsWith("CPU ", StringComparison.Ordinal));
        var convolutions = lines.Single(l => l.TrimStart().StartsWith("Convolutions ", StringComparison.Ordinal));
        Assert.Contains($"the {ConvolutionWorkaround.ProbeShapes.Count} convolutions where the defect was seen", convolutions, StringComparison.Ordinal);
        if (CpuFeaturesTests.KernelFlags() is { } flags)
        {
            // The kernel lists the instruction sets the CPU has and the kernel enables, whatever .NET is told.
            Assert.Equal(flags.Contains("avx512f"), cpu.Contains("avx512f", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void WhenTheNativeLibraryCannotLoad_ExplainsWhyAndFails()
    {
        // A copy of the app whose libLibTorchSharp.so is damaged: a fresh process must report, not crash.
        // (Managed files are copied, since the host resolves links to find the app; libtorch is linked, it is large.)
        using var temp = new TemporaryDirectory();
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            var name = Path.GetFileName(file);
            if (name == NativeCompatibility.LibraryFileName)
            {
                File.WriteAllBytes(temp.File(name), File.ReadAllBytes(file)[..4096]);
            }
            else if (name.Contains(".so", StringComparison.Ordinal))
            {
                File.CreateSymbolicLink(temp.File(name), file);
            }
            else
            {
                File.Copy(file, temp.File(name));
            }
        }

        var result = ChildProcess.Run("dotnet", [temp.File("nin.dll"), "doctor"], temp.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Compatibility step  could not check every copy: 1 failed", result.Output);
        Assert.Contains($"Failed: {temp.File(NativeCompatibility.LibraryFileName)}: could not read it:", result.Output);
        Assert.Contains("is truncated or corrupt", result.Output);
        Assert.EndsWith(
            "FAIL: TorchSharp cannot load here: a copy of the native wrapper library cannot be loaded on this machine (see the compatibility step). See environment/README.md.",
            result.Output.TrimEnd());

        // Other commands stop with the same explanation instead of crashing on the damaged file.
        var summary = ChildProcess.Run("dotnet", [temp.File("nin.dll"), "summary", "nin-cifar10"], temp.Path);
        Assert.Equal(1, summary.ExitCode);
        Assert.StartsWith("error: TorchSharp's native libraries could not be loaded.", summary.Error);
        Assert.Contains("Run `nin doctor` for a full report", summary.Error);
    }
}
