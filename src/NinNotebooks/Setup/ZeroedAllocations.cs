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
/// The step asks glibc's allocator to fill memory it hands out with zeros (<c>mallopt(M_PERTURB, 0xff)</c>: new memory
/// gets <c>0xff ^ 0xff</c>, freed memory <c>0xff</c>), which makes the padding zero, as oneDNN assumes. It costs a memset
/// per allocation, small beside a convolution. On other C libraries and operating systems nothing is done.
/// <see cref="TorchRuntime.Initialize"/> calls it before TorchSharp starts; calling it again is free.
/// </remarks>
public static class ZeroedAllocations
{
    /// <summary>glibc's mallopt parameter for the perturbation byte.</summary>
    private const int Perturb = -6;

    private static readonly Lazy<bool> Applied = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Turns zeroed allocations on (once per process); true when glibc accepted it.</summary>
    public static bool Ensure() => Applied.Value;

    /// <summary>Sets glibc's perturbation byte (0 turns it off); for tests that show the defect without the step.</summary>
    internal static bool SetPerturbation(int value) => Mallopt(Perturb, value) == 1;

    private static bool Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetPerturbation(0xff);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;    // not glibc (musl has no mallopt)
        }
    }

#pragma warning disable SYSLIB1054, CA5392 // A plain int→int call: no marshalling, no unsafe code for LibraryImport's sake.
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
#pragma warning restore SYSLIB1054, CA5392
}
