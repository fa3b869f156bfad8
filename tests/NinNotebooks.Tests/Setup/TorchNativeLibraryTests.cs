using System.Runtime.InteropServices;
using NinNotebooks.Setup;

namespace NinNotebooks.Tests.Setup;

public class TorchNativeLibraryTests
{
    [Fact]
    public void FileName_FollowsEachSystemsConvention()
    {
        Assert.Equal("libc10.so", TorchNativeLibrary.FileName("c10", OSPlatform.Linux));
        Assert.Equal("c10.dll", TorchNativeLibrary.FileName("c10", OSPlatform.Windows));
        Assert.Equal("libtorch_cpu.dylib", TorchNativeLibrary.FileName("torch_cpu", OSPlatform.OSX));
    }

    [Fact]
    public void Load_FindsTheLibtorchThatTorchSharpLoaded()
    {
        TorchRuntime.Initialize();

        var c10 = TorchNativeLibrary.Load("c10");

        Assert.NotNull(c10);
        Assert.True(NativeLibrary.TryGetExport(c10.Value, "FLAGS_caffe2_cpu_allocator_do_zero_fill", out _));
        Assert.NotNull(TorchNativeLibrary.Load("torch_cpu"));
        Assert.Null(TorchNativeLibrary.Load("no_such_torch_library"));
    }

    [Fact]
    public void LoadBesideTorchSharp_TheWindowsAndMacOSBranch_FindsTheSameLibrary()
    {
        // Without /proc/self/maps (Windows, macOS) the library comes from TorchSharp's own native search; on Linux that
        // must be the very copy already loaded, or a flag set through it would not reach libtorch.
        TorchRuntime.Initialize();

        var probed = TorchNativeLibrary.LoadBesideTorchSharp("c10");

        Assert.NotNull(probed);
        Assert.True(NativeLibrary.TryGetExport(probed.Value, "FLAGS_caffe2_cpu_allocator_do_zero_fill", out var viaProbe));
        Assert.True(NativeLibrary.TryGetExport(TorchNativeLibrary.Load("c10")!.Value, "FLAGS_caffe2_cpu_allocator_do_zero_fill", out var viaLoad));
        Assert.Equal(viaLoad, viaProbe);
    }
}
