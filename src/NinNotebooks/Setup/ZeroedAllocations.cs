using System.Runtime.InteropServices;

namespace NinNotebooks.Setup;

/// <summary>
/// Works around a defect in the oneDNN that libtorch 2.10 ships for CPUs: a k×k convolution whose channel count is not a
/// multiple of the CPU's block (16 with AVX-512, 8 with AVX2) copies its weights into a padded layout without zeroing the
/// padding, then multiplies zero activations by whatever that memory held. When the leftover bytes are NaN the forward
/// pass or the input gradient is NaN; otherwise the result is silently wrong (a small NiN with 24-channel layers learned
/// 50 % instead of over 60 % of the synthetic set). Which memory is reused depends on earlier allocations, so it comes
/// and goes. The networks of the paper (widths 192, 160, 96) are not affected; many exercise-sized ones are.
/// </summary>
/// <remarks>
/// The step turns on libtorch's own zero fill (the <c>caffe2_cpu_allocator_do_zero_fill</c> flag of libc10's CPU
/// allocator, set through its exported variable): every tensor buffer libtorch hands out, the padded weights included,
/// starts as zeros, as oneDNN assumes. That is one memset per buffer, and only for libtorch's buffers. Where the flag
/// cannot be found (another libtorch build), glibc's allocator is asked to zero everything it hands out instead
/// (<c>mallopt(M_PERTURB, 0xff)</c>), which costs more: it also fills every freed block, and every other allocation of the
/// process. On other C libraries nothing is done. <see cref="TorchRuntime.Initialize"/> calls it once libtorch is
/// loaded; calling it again is free.
/// </remarks>
public static class ZeroedAllocations
{
    /// <summary>glibc's mallopt parameter for the perturbation byte.</summary>
    private const int Perturb = -6;

    /// <summary>The exported variable behind libc10's <c>caffe2_cpu_allocator_do_zero_fill</c> flag (a C++ bool).</summary>
    private const string ZeroFillFlag = "FLAGS_caffe2_cpu_allocator_do_zero_fill";

    private static readonly Lazy<string?> Applied = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Turns zeroed allocations on (once per process, after libtorch is loaded); true when it could.</summary>
    public static bool Ensure() => Applied.Value is not null;

    /// <summary>How memory is zeroed: "libtorch's zero fill", "glibc's perturbation byte", or null when it is not.</summary>
    public static string? Method => Applied.Value;

    /// <summary>Sets libtorch's zero-fill flag; false when this libtorch has none. For tests that show the defect without the step.</summary>
    internal static bool SetZeroFill(bool on)
    {
        if (ZeroFillFlagAddress() is not { } address)
        {
            return false;
        }

        Marshal.WriteByte(address, on ? (byte)1 : (byte)0);
        return true;
    }

    /// <summary>Sets glibc's perturbation byte (0 turns it off).</summary>
    internal static bool SetPerturbation(int value) => Mallopt(Perturb, value) == 1;

    private static string? Apply()
    {
        if (SetZeroFill(true))
        {
            return "libtorch's zero fill";
        }

        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return SetPerturbation(0xff) ? "glibc's perturbation byte" : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;    // not glibc (musl has no mallopt)
        }
    }

    /// <summary>The flag's address in the libc10 this process loaded, or null.</summary>
    private static IntPtr? ZeroFillFlagAddress()
    {
        return TorchNativeLibrary.Load("c10") is { } handle && NativeLibrary.TryGetExport(handle, ZeroFillFlag, out var address)
            ? address
            : null;
    }

#pragma warning disable SYSLIB1054, CA5392 // A plain int→int call: no marshalling, no unsafe code for LibraryImport's sake.
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
#pragma warning restore SYSLIB1054, CA5392
}
