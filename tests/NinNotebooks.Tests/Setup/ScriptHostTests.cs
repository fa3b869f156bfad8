using NinNotebooks.Setup;
using static TorchSharp.torch;
using NinNotebooks.Platform;

namespace NinNotebooks.Tests.Setup;

/// <summary>
/// The path notebook kernels take: a script host loads TorchSharp.dll straight from a NuGet package folder and
/// TorchSharp loads its native libraries from a consolidated <c>cpu</c> folder beside it. F# Interactive
/// (<c>dotnet fsi</c>, part of every .NET SDK) is such a host, so it stands in for the notebook kernel here.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Integration)]
public class ScriptHostTests
{
    [Fact]
    public void ScriptHost_LoadsTorchSharpFromAPackageLayout_AfterTheCompatibilityStep()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Contains("not Linux", TorchRuntime.EnsureNativeCompatibility().Note);
            return;
        }

        using var temp = new TemporaryDirectory();
        var (lib, copies) = BuildPackageLayout(temp);
        var needed = TorchRuntime.EnsureNativeCompatibility().WasNeeded;

        // Control: without the step, TorchSharp cannot load here exactly when the step is needed.
        var control = RunScript(temp, lib, callSetup: false);
        Assert.True(needed == (control.ExitCode != 0), $"needed={needed}, control exit {control.ExitCode}:\n{control.All}");
        if (needed)
        {
            Assert.Contains($"Failed to load native component {Path.Combine(lib, "cpu", NativeCompatibility.LibraryFileName)}", control.All);
        }

        var probe = RunScript(temp, lib, callSetup: true);

        Assert.True(probe.ExitCode == 0, probe.All);
        Assert.Contains($"loaded from {Path.Combine(lib, "TorchSharp.dll")}", probe.Output);
        Assert.Contains("sum=6", probe.Output);
        Assert.All(copies, c => Assert.Equal(needed, ElfImage.Read(c).VersionNeeds.Single(v => v.Name == NativeTestFiles.AnchorVersion).IsWeak));
    }

    /// <summary>
    /// packages/torchsharp/0.107.0/{lib/net8.0/TorchSharp.dll, lib/net8.0/cpu/*, runtimes/linux-x64/native/libLibTorchSharp.so}
    /// and packages/libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native/*, with libtorch's own files linked
    /// from the test output and unpatched copies of the wrapper, as a fresh restore and a first kernel run leave them.
    /// </summary>
    private static (string Lib, string[] Copies) BuildPackageLayout(TemporaryDirectory temp)
    {
        var bin = AppContext.BaseDirectory;
        var package = temp.File("packages", "torchsharp", "0.107.0");
        var lib = Path.Combine(package, "lib", "net8.0");
        var libtorch = temp.File("packages", "libtorch-cpu-linux-x64", Version.Parse(__version__).ToString(3), "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(Path.Combine(lib, "cpu"));
        Directory.CreateDirectory(libtorch);
        File.Copy(Path.Combine(bin, "TorchSharp.dll"), Path.Combine(lib, "TorchSharp.dll"));
        foreach (var native in Directory.GetFiles(bin, "*.so*").Where(f => Path.GetFileName(f) != NativeCompatibility.LibraryFileName))
        {
            File.CreateSymbolicLink(Path.Combine(libtorch, Path.GetFileName(native)), native);
            File.CreateSymbolicLink(Path.Combine(lib, "cpu", Path.GetFileName(native)), native);
        }

        string[] copies =
        [
            NativeTestFiles.WritePristineCopy(Path.Combine(package, "runtimes", "linux-x64", "native", NativeCompatibility.LibraryFileName)),
            NativeTestFiles.WritePristineCopy(Path.Combine(lib, "cpu", NativeCompatibility.LibraryFileName)),
        ];
        return (lib, copies);
    }

    /// <summary>
    /// A system libtorch (as Debian's python3-torch installs one) earlier on the loader's path: stand-ins named
    /// libtorch_cpu.so and libc10.so in a folder of LD_LIBRARY_PATH. Without the binding TorchSharp loads the stand-in
    /// by name and its wrapper cannot bind; with it, the package's own libtorch is used and the stand-in named as unused.
    /// </summary>
    [Fact]
    public void ScriptHost_UsesThePackagesLibTorch_WhenAnotherIsOnTheLoadersPath()
    {
        using var temp = new TemporaryDirectory();
        var (lib, _) = BuildPackageLayout(temp);
        var standIns = LibTorchBindingTests.WriteStandIns(temp.File("system"));
        var environment = new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = standIns };

        var control = RunScript(temp, lib, callSetup: false, environment);
        var probe = RunScript(temp, lib, callSetup: true, environment);

        Assert.True(control.ExitCode != 0, $"the stand-in did not take libtorch's place without the binding:\n{control.All}");
        Assert.True(probe.ExitCode == 0, probe.All);
        Assert.Contains("sum=6", probe.Output);
        Assert.Contains($"not used: {Path.Combine(standIns, "libtorch_cpu.so")}", probe.Output);
    }

    private static ChildProcess.Result RunScript(TemporaryDirectory temp, string lib, bool callSetup, IReadOnlyDictionary<string, string>? environment = null)
    {
        // NinNotebooks.dll goes in a folder of its own, so the host cannot pick up the test output's TorchSharp.dll.
        var library = temp.File("library", "NinNotebooks.dll");
        if (!File.Exists(library))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(library)!);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "NinNotebooks.dll"), library);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "NinNotebooks.Platform.dll"), Path.Combine(Path.GetDirectoryName(library)!, "NinNotebooks.Platform.dll"));
        }

        var script = temp.File(callSetup ? "probe.fsx" : "control.fsx");
        File.WriteAllLines(script,
        [
            $"#r @\"{Path.Combine(lib, "TorchSharp.dll")}\"",
            callSetup ? $"#r @\"{library}\"" : "",
            callSetup ? "printfn \"%O\" (NinNotebooks.Setup.TorchRuntime.Initialize())" : "",
            callSetup ? "printfn \"%O\" (NinNotebooks.Setup.TorchRuntime.Initialize().LibTorchBinding)" : "",
            "printfn \"loaded from %s\" typeof<TorchSharp.torch>.Assembly.Location",
            "let t = TorchSharp.torch.ones(2L, 3L)",
            "printfn \"sum=%g\" (t.sum().item<float32>())",
        ]);
        return ChildProcess.Run("dotnet", ["fsi", "--quiet", script], temp.Path, environment: environment);
    }
}
