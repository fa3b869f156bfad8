using System.Runtime.InteropServices;
using static TorchSharp.torch;
using NinNotebooks.Platform;

namespace NinNotebooks.Setup;

/// <summary>
/// Finds a libtorch library that TorchSharp loaded (e.g. <c>c10</c>, <c>torch_cpu</c>) on Linux, Windows and macOS,
/// for the few libtorch functions and flags TorchSharp does not bind (<see cref="ZeroedAllocations"/>,
/// <see cref="Training.Autocast"/>). Hand-written because .NET has no call that names a loaded library's handle.
/// </summary>
internal static class TorchNativeLibrary
{
    /// <summary>The file name of libtorch library <paramref name="name"/> on <paramref name="platform"/>: libc10.so, c10.dll, libc10.dylib.</summary>
    public static string FileName(string name, OSPlatform platform) =>
        platform == OSPlatform.Windows ? $"{name}.dll"
        : platform == OSPlatform.OSX ? $"lib{name}.dylib"
        : $"lib{name}.so";

    /// <summary>
    /// A handle to libtorch library <paramref name="name"/> (e.g. "c10"), or null: on Linux the copy this process
    /// mapped (from /proc/self/maps: a notebook kernel loads TorchSharp's copies in its own folders); elsewhere, or
    /// when that fails, the copy TorchSharp's assembly would load (its runtimes/&lt;rid&gt;/native folder, the same
    /// search as its own native calls); last, the file name alone.
    /// </summary>
    public static IntPtr? Load(string name)
    {
        if (OperatingSystem.IsLinux()
            && LoadedNativeLibraries.Find(FileName(name, OSPlatform.Linux)) is { } mapped
            && NativeLibrary.TryLoad(mapped, out var handle))
        {
            return handle;
        }

        return LoadBesideTorchSharp(name) ?? (NativeLibrary.TryLoad(FileName(name, NativeCompatibility.CurrentPlatform()), out handle) ? handle : null);
    }

    /// <summary>The copy of <paramref name="name"/> that TorchSharp's own native-library search finds, or null (the branch Windows and macOS use).</summary>
    internal static IntPtr? LoadBesideTorchSharp(string name) =>
        NativeLibrary.TryLoad(name, typeof(Tensor).Assembly, null, out var handle) ? handle : null;
}
