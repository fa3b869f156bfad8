using NinNotebooks.Setup;
using TorchSharp;

namespace NinNotebooks.Tests.Setup;

public class TorchRuntimeTests
{
    [Fact]
    public void Initialize_DescribesTheLoadedTorchSharp()
    {
        var info = TorchRuntime.Initialize();

        Assert.Equal("0.107.0", info.TorchSharpVersion);
        Assert.StartsWith("2.10", info.LibTorchVersion);
        Assert.Equal("cpu", info.Backend);
        Assert.False(info.CudaAvailable);
        Assert.Equal(DeviceType.CPU, info.DefaultDeviceType);
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

        Assert.Matches(@"^TorchSharp 0\.107\.0 \(libtorch 2\.10[\d.]*\), backend cpu, device cpu, \d+ CPU threads$", lines[0]);
        Assert.Equal($"Charts: {FSharpCoreCompatibility.Ensure()}", lines[1]);
    }
}
