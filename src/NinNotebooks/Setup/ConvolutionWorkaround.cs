using System.Runtime.InteropServices;
using NinNotebooks.Platform;

namespace NinNotebooks.Setup;

/// <summary>What the start-up step did about oneDNN's convolution gradients (see <see cref="ConvolutionWorkaround"/>).</summary>
/// <param name="OneDnnConvolutions">Whether libtorch still computes CPU convolutions with oneDNN.</param>
/// <param name="UserIsa">The <c>ONEDNN_MAX_CPU_ISA</c> this process was started with, or null; it is never changed.</param>
/// <param name="Probe">The float32 check of the convolutions known to go wrong, before any workaround.</param>
/// <param name="AfterWorkaround">The same check after the workaround; null where none was applied.</param>
/// <param name="Reason">One sentence: why this route was taken.</param>
public sealed record ConvolutionWorkaroundReport(
    bool OneDnnConvolutions,
    string? UserIsa,
    ConvolutionCheckResult Probe,
    ConvolutionCheckResult? AfterWorkaround,
    string Reason)
{
    /// <summary>For <c>nin doctor</c>: the route and why.</summary>
    public override string ToString() =>
        (OneDnnConvolutions ? "oneDNN (libtorch's default)" : "libtorch's own kernels (oneDNN turned off)") + $": {Reason}" +
        (UserIsa is not null ? $" (ONEDNN_MAX_CPU_ISA={UserIsa} was set before start, and kept)" : "");
}

/// <summary>
/// Keeps a student's gradients correct where libtorch 2.10's oneDNN computes the float32 input gradient of k×k convolutions
/// wrongly (widths that are not multiples of 16, on some CPUs with AVX-512; environment/README.md has the measurements).
/// </summary>
/// <remarks>
/// <para>
/// Which machines show the defect cannot be told from the CPU's features: it was measured on AVX-512 machines of this
/// project and is absent from others with the same features (AMD EPYC, AVX-512 with BF16) and from AVX2-only machines.
/// So <see cref="TorchRuntime.Initialize"/> looks, on every machine: it checks a few convolutions of the shapes the defect
/// was seen in against float64 (<see cref="ProbeShapes"/>, a few milliseconds), and only if one is wrong does it turn
/// oneDNN off for the process (libtorch's <c>torch.backends.mkldnn.enabled = False</c>, which TorchSharp 0.107 does not
/// bind), then checks again. Looking everywhere, instead of where the CPU's features suggest, keeps the answer right
/// whatever .NET is told about the CPU (<c>DOTNET_EnableAVX512=0</c> hides AVX-512 from .NET, not from oneDNN).
/// </para>
/// <para>
/// Capping oneDNN's instruction set (<c>ONEDNN_MAX_CPU_ISA=AVX2</c>) also avoids the AVX-512 kernels, but it has to be
/// set before oneDNN's first use, so before the check could look, and it costs the bfloat16 fast path almost all of its
/// speed (environment/README.md); a user's own setting is respected and reported.
/// </para>
/// </remarks>
public static class ConvolutionWorkaround
{
    /// <summary>oneDNN's environment variable that caps the instruction set it generates code for.</summary>
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>float32 convolutions of the shapes the defect was measured in: k×k with 4, 10 or 24 outputs on 16×16 maps.</summary>
    public static IReadOnlyList<ConvolutionShape> ProbeShapes { get; } =
    [
        new(5, 3, 4, Padding: 2),
        new(5, 3, 10, Padding: 2),
        new(3, 12, 10, Padding: 1),
        new(5, 12, 24, Padding: 2),
        new(3, 24, 4, Stride: 2, Padding: 1),
    ];

    /// <summary>
    /// The route for this process: whether to turn oneDNN off, and why. A pure function of the probe's result, so that
    /// both routes are tested on any machine, whether or not its CPU shows the defect.
    /// </summary>
    public static (bool TurnOffOneDnn, string Reason) Choose(ConvolutionCheckResult probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.AllCorrect
            ? (false, $"the {probe.Shapes.Count} convolutions where the defect was seen agree with float64 here")
            : (true, $"oneDNN got {probe.WrongShapes.Count} of {probe.Shapes.Count} convolutions where the defect was seen wrong here " +
                $"(e.g. {probe.Wrong.MaxBy(e => double.IsNaN(e.RelativeError) ? double.MaxValue : e.RelativeError)})");
    }

    /// <summary>Looks, decides and applies (called once by <see cref="TorchRuntime.Initialize"/>, after libtorch is loaded).</summary>
    internal static ConvolutionWorkaroundReport Apply()
    {
        // .NET reads the environment the process started with; a value set later with Environment.SetEnvironmentVariable
        // would not reach oneDNN, which reads the C library's environment.
        var userIsa = Environment.GetEnvironmentVariable(IsaVariable);
        var probe = ConvolutionCheck.RunCore(ProbeShapes, [Training.Precision.Float32], channelsLast: false);
        var (turnOff, reason) = Choose(probe);
        if (!turnOff || !SetOneDnnEnabled(false))
        {
            return new ConvolutionWorkaroundReport(true, userIsa, probe, null, turnOff ? reason + "; oneDNN could not be turned off in this libtorch" : reason);
        }

        var after = ConvolutionCheck.RunCore(ProbeShapes, [Training.Precision.Float32], channelsLast: false);
        return new ConvolutionWorkaroundReport(false, userIsa, probe, after,
            reason + (after.AllCorrect ? "; without oneDNN they agree" : $"; without oneDNN still {after}"));
    }

    /// <summary>Whether libtorch uses oneDNN (<c>at::globalContext().userEnabledMkldnn()</c>); null where it cannot be read.</summary>
    internal static bool? IsOneDnnEnabled() =>
        Context() is { } context && Export<GetFlag>("_ZNK2at7Context17userEnabledMkldnnEv") is { } get ? get(context) : null;

    /// <summary>Turns libtorch's use of oneDNN on or off for the process (<c>at::globalContext().setUserEnabledMkldnn</c>); false where it cannot.</summary>
    internal static bool SetOneDnnEnabled(bool enabled)
    {
        if (Context() is not { } context || Export<SetFlag>("_ZN2at7Context20setUserEnabledMkldnnEb") is not { } set)
        {
            return false;
        }

        set(context, enabled);
        return true;
    }

    // C++ members of at::Context, found by their Itanium ABI names in libtorch_cpu (Linux and macOS), as Autocast does.
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool GetFlag(IntPtr context);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool value);

    private static IntPtr? Context() => Export<GlobalContext>("_ZN2at13globalContextEv") is { } get ? get() : null;

    private static T? Export<T>(string name)
        where T : Delegate
    {
        var library = LoadedNativeLibraries.Find("libtorch_cpu");
        return library is not null && NativeLibrary.TryLoad(library, out var handle) && NativeLibrary.TryGetExport(handle, name, out var address)
            ? Marshal.GetDelegateForFunctionPointer<T>(address)
            : null;
    }
}
