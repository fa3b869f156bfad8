using NinNotebooks.Setup;
using static NinNotebooks.Setup.LibTorchBinding;

namespace NinNotebooks.Tests.Setup;

/// <summary>
/// TorchSharp loads the libtorch of its own package, whatever else is installed: the folder it is found in for each
/// layout, the load order, the names on each system, and a real process with a foreign libtorch on its loader's path.
/// </summary>
public class LibTorchBindingTests
{
    [Theory]
    [InlineData(Os.Linux, "libtorch_cpu.so")]
    [InlineData(Os.MacOS, "libtorch_cpu.dylib")]
    [InlineData(Os.Windows, "torch_cpu.dll")]
    public void TheLibrariesNames_FollowEachSystem(Os os, string name) => Assert.Equal(name, FileName("torch_cpu", os));

    [Fact]
    public void TheLoadOrder_PutsEachLibraryAfterItsDependencies_AndSkipsWhatIsAbsent()
    {
        string[] linux = ["libtorch.so", "libshm.so", "libtorch_cpu.so", "libgomp-98b21ff3.so.1", "libc10.so", "libLibTorchSharp.so"];
        string[] windows = ["torch.dll", "torch_cpu.dll", "c10.dll", "c10_cuda.dll", "torch_cuda.dll", "LibTorchSharp.dll"];

        Assert.Equal(["libc10.so", "libgomp-98b21ff3.so.1", "libtorch_cpu.so", "libtorch.so"], LoadOrder(linux, Os.Linux));
        Assert.Equal(["c10.dll", "c10_cuda.dll", "torch_cpu.dll", "torch_cuda.dll", "torch.dll"], LoadOrder(windows, Os.Windows));
        Assert.Equal(["libc10.dylib", "libtorch_cpu.dylib"], LoadOrder(["libtorch_cpu.dylib", "libc10.dylib"], Os.MacOS));
    }

    [Theory]
    [InlineData(Os.Linux)]
    [InlineData(Os.MacOS)]
    [InlineData(Os.Windows)]
    public void TheFolder_IsFoundForAnAppAndForAPackageLayout(Os os)
    {
        using var dir = new TemporaryDirectory();
        var app = dir.File("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, FileName("torch_cpu", os)), "");
        var lib = dir.File("packages", "torchsharp", "0.107.0", "lib", "net8.0");
        Directory.CreateDirectory(lib);
        var rid = (os switch { Os.Windows => "win", Os.MacOS => "osx", _ => "linux" }) + "-x64";
        var native = dir.File("packages", $"libtorch-cpu-{rid}", "2.10.0", "runtimes", rid, "native");
        Directory.CreateDirectory(native);
        File.WriteAllText(Path.Combine(native, FileName("torch_cpu", os)), "");

        Assert.Equal(app, Folder(app, "2.10.0", os));
        Assert.Equal(native, Folder(lib, "2.10.0", os));
        Assert.Null(Folder(lib, "2.9.1", os));
        Assert.Null(Folder(dir.Path, "2.10.0", os));
    }

    [Fact]
    public void OtherCopies_OnTheLoadersPath_AreFound_ButNotTheOwnFolder()
    {
        using var dir = new TemporaryDirectory();
        var standIns = WriteStandIns(dir.File("system"));
        File.WriteAllText(dir.File("system", "libtorch_cpu.so.1.13"), "");
        var before = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        Environment.SetEnvironmentVariable("LD_LIBRARY_PATH", standIns);
        try
        {
            Assert.Equal([Path.Combine(standIns, "libtorch_cpu.so"), Path.Combine(standIns, "libtorch_cpu.so.1.13")], Others(dir.File("own"), Os.Linux).Where(p => p.StartsWith(dir.Path, StringComparison.Ordinal)));
            Assert.DoesNotContain(Others(standIns, Os.Linux), p => p.StartsWith(dir.Path, StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("LD_LIBRARY_PATH", before);
        }
    }

    [Fact]
    public void ThisProcess_IsBoundToThePackagesLibTorch()
    {
        var info = TorchRuntime.Initialize();

        Assert.NotNull(info.LibTorchBinding!.Folder);
        Assert.Contains("libtorch_cpu.so", info.LibTorchBinding.Loaded);
        Assert.Equal(Path.Combine(info.LibTorchBinding.Folder!, "libtorch_cpu.so"), info.LibTorchPath);
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Integration)]
    public void NinDoctor_UsesThePackagesLibTorch_WhenAnotherIsEarlierOnTheLoadersPath()
    {
        using var dir = new TemporaryDirectory();
        var standIns = WriteStandIns(dir.File("system"));

        var result = ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "nin.dll"), "doctor"], dir.Path,
            environment: new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = standIns });

        Assert.True(result.ExitCode == 0, result.All);
        var binding = result.Output.Split('\n').Single(l => l.TrimStart().StartsWith("libtorch binding", StringComparison.Ordinal));
        Assert.Contains($"bound to {AppContext.BaseDirectory.TrimEnd('/')}", binding, StringComparison.Ordinal);
        Assert.Contains($"not used: {Path.Combine(standIns, "libtorch_cpu.so")}", binding, StringComparison.Ordinal);
    }

    /// <summary>
    /// Libraries named as libtorch's, which are not libtorch: the system's zlib under the names libtorch_cpu.so and
    /// libc10.so, as a distribution's or PyTorch's libtorch would sit in a folder of LD_LIBRARY_PATH.
    /// </summary>
    private static readonly string[] ZlibPlaces = ["/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/libz.so.1", "/usr/lib64/libz.so.1"];

    internal static string WriteStandIns(string folder)
    {
        Directory.CreateDirectory(folder);
        var zlib = ZlibPlaces.First(File.Exists);
        File.Copy(zlib, Path.Combine(folder, "libtorch_cpu.so"));
        File.Copy(zlib, Path.Combine(folder, "libc10.so"));
        return folder;
    }
}
