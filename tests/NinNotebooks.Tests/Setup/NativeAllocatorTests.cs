using System.Runtime.InteropServices;
using NinNotebooks.Setup;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Setup;

public class NativeAllocatorTests
{
    [Fact]
    public void OnGlibc_TheRuntimeStartKeepsLargeBlocksOnTheHeap()
    {
        var description = TorchRuntime.Initialize().Allocator;

        Assert.Equal(NativeAllocator.Apply(), description);
        if (!OperatingSystem.IsLinux())
        {
            Assert.StartsWith("the C library's defaults", description, StringComparison.Ordinal);
            return;
        }

        Assert.StartsWith("glibc malloc: large blocks kept for reuse", description, StringComparison.Ordinal);
        Assert.True(NativeAllocator.IsTuned);

        // 48 MB is above the largest mmap threshold glibc ever picks by itself (32 MB): with its defaults this block
        // would be mapped on its own and unmapped when freed. Tuned, it comes from a heap, and stays there.
        var mappedBefore = MallInfo2().hblkhd;
        using (var block = ones(12L << 20))
        {
            Assert.Equal(12L << 20, block.sum().item<float>());
            Assert.True(MallInfo2().hblkhd - mappedBefore < 8 << 20, "the 48 MB block was mapped on its own");
        }
    }

    [Fact]
    public void OnGlibc_ABlockKeptOnTheHeap_IsStillHandedOutZeroed()
    {
        var info = TorchRuntime.Initialize();
        if (!OperatingSystem.IsLinux())
        {
            // Neither step exists off glibc: nothing is tuned or zeroed, and the start-up says so.
            Assert.False(NativeAllocator.IsTuned);
            Assert.StartsWith("the C library's defaults", info.Allocator, StringComparison.Ordinal);
            return;
        }

        // Both start-up settings at once: the 48 MB block is reused from the heap (not freshly mapped, which would be
        // zero anyway), and the zeroed-allocation step still clears what the previous block left there.
        Assert.True(info.ZeroedAllocations && NativeAllocator.IsTuned);
        var mappedBefore = MallInfo2().hblkhd;
        for (var i = 0; i < 3; i++)
        {
            using (var filled = full(12L << 20, float.NaN))
            {
                Assert.True(filled.isnan().all().item<bool>());
            }

            using var reused = empty(12L << 20);
            Assert.Equal(0, reused.count_nonzero().item<long>());
            Assert.True(MallInfo2().hblkhd - mappedBefore < 8 << 20, "the 48 MB block was mapped on its own");
        }
    }

    [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static extern MallInfo MallInfo2();

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo
    {
        public nuint arena;
        public nuint ordblks;
        public nuint smblks;
        public nuint hblks;
        public nuint hblkhd;
        public nuint usmblks;
        public nuint fsmblks;
        public nuint uordblks;
        public nuint fordblks;
        public nuint keepcost;
    }

    [Fact]
    public void OnWindowsAndMacOS_NothingIsLoadedOrChanged()   // the Linux branch: the test above
    {
        Assert.Equal("the C library's defaults (not Linux)", NativeAllocator.ApplyOn(OSPlatform.Windows));
        Assert.Equal("the C library's defaults (not Linux)", NativeAllocator.ApplyOn(OSPlatform.OSX));
    }
}
