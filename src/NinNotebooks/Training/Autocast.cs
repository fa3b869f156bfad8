using System.Runtime.InteropServices;
using NinNotebooks.Setup;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>
/// libtorch's autocast (what <c>torch.autocast</c> switches in Python), called directly: TorchSharp 0.107 has no
/// binding for it. Inside <see cref="Run{T}"/>, convolutions and matrix products on the given device type run in the
/// given lower precision (their float32 inputs and weights are cast on the fly), while operations that need range or
/// accuracy stay float32; gradients flow back through the casts into the float32 weights.
/// </summary>
/// <remarks>
/// The functions are C++ (<c>at::autocast::set_autocast_enabled</c> and friends) and are found by their Itanium
/// C++ ABI names in <c>libtorch_cpu</c>, which the CPU and the CUDA builds of libtorch both load; that covers Linux
/// and macOS. Where they cannot be found (Windows' C++ ABI names them differently) <see cref="IsAvailable"/> is false
/// and <see cref="ComputePath"/> stays float32. The autocast state is per thread in libtorch, like in PyTorch;
/// <see cref="Run{T}"/> sets and restores it on the calling thread.
/// </remarks>
internal static class Autocast
{
    private static readonly Lazy<Api?> Native = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetEnabledFn(sbyte deviceType, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool IsEnabledFn(sbyte deviceType);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetDtypeFn(sbyte deviceType, sbyte scalarType);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate sbyte GetDtypeFn(sbyte deviceType);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int NestingFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void ClearCacheFn();

    /// <summary>Whether libtorch's autocast functions were found in this process.</summary>
    public static bool IsAvailable => Native.Value is not null;

    /// <summary>Whether autocast is on for <paramref name="deviceType"/> on this thread now.</summary>
    public static bool IsEnabled(DeviceType deviceType) => Require().IsEnabled((sbyte)deviceType);

    /// <summary>
    /// Runs <paramref name="body"/> with autocast to <paramref name="dtype"/> on for <paramref name="deviceType"/>, then
    /// restores the previous state, also when <paramref name="body"/> throws. Leaving the outermost region clears
    /// autocast's cache of cast weights, so an optimizer step afterwards is seen by the next forward pass.
    /// </summary>
    public static T Run<T>(DeviceType deviceType, ScalarType dtype, Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var api = Require();
        var device = (sbyte)deviceType;
        var wasEnabled = api.IsEnabled(device);
        var previousDtype = api.GetDtype(device);
        api.SetEnabled(device, true);
        api.SetDtype(device, (sbyte)dtype);
        api.Increment();
        try
        {
            return body();
        }
        finally
        {
            if (api.Decrement() == 0)
            {
                api.ClearCache();
            }

            api.SetDtype(device, previousDtype);
            api.SetEnabled(device, wasEnabled);
        }
    }

    private static Api Require() => Native.Value ?? throw new NotSupportedException(
        "libtorch's autocast functions were not found in this process (TorchSharp 0.107 has no binding; they are looked up by their Linux/macOS C++ names), so only float32 is available here.");

    private static Api? Load()
    {
        TorchRuntime.Initialize();
        if (TorchNativeLibrary.Load("torch_cpu") is not { } handle)
        {
            return null;
        }

        T? Find<T>(string name)
            where T : Delegate =>
            NativeLibrary.TryGetExport(handle, name, out var address) ? Marshal.GetDelegateForFunctionPointer<T>(address) : null;

        var setEnabled = Find<SetEnabledFn>("_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb");
        var isEnabled = Find<IsEnabledFn>("_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE");
        var setDtype = Find<SetDtypeFn>("_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE");
        var getDtype = Find<GetDtypeFn>("_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE");
        var increment = Find<NestingFn>("_ZN2at8autocast17increment_nestingEv");
        var decrement = Find<NestingFn>("_ZN2at8autocast17decrement_nestingEv");
        var clearCache = Find<ClearCacheFn>("_ZN2at8autocast11clear_cacheEv");
        return setEnabled is null || isEnabled is null || setDtype is null || getDtype is null || increment is null || decrement is null || clearCache is null
            ? null
            : new Api(setEnabled, isEnabled, setDtype, getDtype, increment, decrement, clearCache);
    }

    private sealed record Api(
        SetEnabledFn SetEnabled,
        IsEnabledFn IsEnabled,
        SetDtypeFn SetDtype,
        GetDtypeFn GetDtype,
        NestingFn Increment,
        NestingFn Decrement,
        ClearCacheFn ClearCache);
}
