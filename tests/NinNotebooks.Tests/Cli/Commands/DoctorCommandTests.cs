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
