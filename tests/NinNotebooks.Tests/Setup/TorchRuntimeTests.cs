using System.Text.RegularExpressions;
using NinNotebooks.Setup;
using TorchSharp;
using NinNotebooks.Platform;

namespace NinNotebooks.Tests.Setup;

public class TorchRuntimeTests
{
    /// <summary>What must hold on any build: the CPU one, the CUDA one, and after a version bump.</summary>
    [Fact]
    public void Initialize_DescribesTheLoadedTorchSharp()
    {
        var info = TorchRuntime.Initialize();

        Assert.Equal(RepositoryPaths.PinnedVersion("TorchSharp"), info.TorchSharpVersion);
        Assert.Equal(torch.__version__, info.LibTorchVersion);
        Assert.Matches(@"^\d+\.\d+", info.LibTorchVersion);
        Assert.Contains(info.Backend, (string[])["cpu", "cuda"]);
        Assert.Equal(torch.cuda.is_available(), info.CudaAvailable);
        Assert.True(info.Backend == "cuda" || !info.CudaAvailable, "a CPU build cannot see a GPU");
        Assert.Equal(info.CudaAvailable ? DeviceType.CUDA : DeviceType.CPU, info.DefaultDeviceType);
        Assert.InRange(info.Threads, 1, Environment.ProcessorCount);
        Assert.True(info.Compatibility.AllLoadable);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll"), info.TorchSharpAssemblyPath);
    }

    [Fact]
    public void Initialize_ReportsWhereTheNativeLibrariesCameFrom()
    {
        var info = TorchRuntime.Initialize();

        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, NativeCompatibility.LibraryFileName), info.NativeLibraryPath);
            Assert.StartsWith(AppContext.BaseDirectory, info.LibTorchPath);
        }
        else
        {
            Assert.Null(info.NativeLibraryPath);
        }
    }

    [Fact]
    public void Initialize_IsDoneOncePerProcess()
    {
        Assert.Same(TorchRuntime.Initialize(), TorchRuntime.Initialize());
        Assert.Same(TorchRuntime.EnsureNativeCompatibility(), TorchRuntime.Initialize().Compatibility);
    }

    [Fact]
    public void EnvironmentLines_NameVersionsDeviceThreads_AndWhatChartsRunOn()
    {
        var lines = TorchRuntime.Initialize().ToString().Split('\n');

        var info = TorchRuntime.Initialize();
        Assert.Matches($@"^TorchSharp {Regex.Escape(info.TorchSharpVersion)} \(libtorch {Regex.Escape(info.LibTorchVersion)}\), backend (cpu|cuda), device (cpu|cuda)( \(\d+ GPU\(s\)\))?, \d+ CPU threads$", lines[0]);
        Assert.Equal($"Charts: {FSharpCoreCompatibility.Ensure()}", lines[1]);
    }
}
