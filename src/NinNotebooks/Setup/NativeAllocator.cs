using System.Runtime.InteropServices;
using NinNotebooks.Platform;

namespace NinNotebooks.Setup;

/// <summary>
/// Keeps glibc's <c>malloc</c> from handing large blocks back to the kernel after every use, which is what makes
/// libtorch slow on Linux CPUs out of the box.
/// </summary>
/// <remarks>
/// <para>
/// libtorch allocates each activation and gradient with <c>malloc</c>. glibc serves a block above its mmap threshold
/// (at most 32 MB) with a fresh <c>mmap</c> and unmaps it on <c>free</c>, so every training step asks the kernel
/// for new zeroed pages and takes a page fault on each of them: a batch of 128 through NiN's first stage makes
/// several 100 MB tensors per step. Measured on the project's 2-core machine (bare float32 training loop, NiN,
/// batch 128) with glibc's defaults, the process spent as much time in the kernel as in the computation, and the
/// loop ran about 5× slower than with the two settings below.
/// </para>
/// <para>
/// <see cref="Apply"/> sets <c>M_MMAP_MAX</c> to 0 (serve large blocks from the heap) and <c>M_TRIM_THRESHOLD</c>
/// to its maximum (keep freed memory for the next step). The cost is that the process keeps its peak memory until
/// it ends. It applies to blocks made by threads that use glibc's main heap, which includes the thread that starts
/// TorchSharp; blocks above 64 MB made by other threads are still mapped one by one (a glibc limit). Set the
/// environment variable <c>NIN_NATIVE_ALLOCATOR=default</c> to keep glibc's behaviour, e.g. to compare.
/// Other C libraries and operating systems are left alone.
/// </para>
/// </remarks>
public static class NativeAllocator
{
    /// <summary>The environment variable that turns the tuning off when set to <c>default</c>.</summary>
    public const string EnvironmentVariable = "NIN_NATIVE_ALLOCATOR";

    private const int MTrimThreshold = -1;
    private const int MMmapMax = -4;

    private static readonly Lazy<string> Applied = new(() => ApplyOn(NativeCompatibility.CurrentPlatform()), LazyThreadSafetyMode.ExecutionAndPublication);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int MallOpt(int parameter, int value);

    /// <summary>Whether this process's glibc now keeps large blocks (true only after <see cref="Apply"/> succeeded).</summary>
    public static bool IsTuned => Applied.IsValueCreated && Applied.Value.StartsWith("glibc", StringComparison.Ordinal);

    /// <summary>
    /// Applies the settings once per process (later calls return the first answer) and says what was done, e.g.
    /// "glibc malloc: large blocks kept for reuse (M_MMAP_MAX=0, M_TRIM_THRESHOLD=max)".
    /// </summary>
    public static string Apply() => Applied.Value;

    /// <summary>
    /// What <see cref="Apply"/> does on <paramref name="platform"/>, so that each branch can be tested on one machine:
    /// anywhere but Linux nothing is loaded or called.
    /// </summary>
    internal static string ApplyOn(OSPlatform platform)
    {
        if (string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "default", StringComparison.OrdinalIgnoreCase))
        {
            return $"the C library's defaults ({EnvironmentVariable}=default)";
        }

        if (platform != OSPlatform.Linux)
        {
            return "the C library's defaults (not Linux)";
        }

        if (!NativeLibrary.TryLoad("libc.so.6", out var libc)
            || !NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _)
            || !NativeLibrary.TryGetExport(libc, "mallopt", out var address))
        {
            return "the C library's defaults (not glibc)";
        }

        var mallopt = Marshal.GetDelegateForFunctionPointer<MallOpt>(address);

        // mallopt returns 1 on success; the order matters only in that both must hold for the gain.
        var kept = mallopt(MMmapMax, 0) == 1 && mallopt(MTrimThreshold, int.MaxValue) == 1;
        return kept
            ? "glibc malloc: large blocks kept for reuse (M_MMAP_MAX=0, M_TRIM_THRESHOLD=max)"
            : "the C library's defaults (glibc refused the settings)";
    }
}
