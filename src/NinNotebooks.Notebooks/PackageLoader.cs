using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Lets restored packages load at run time: managed assemblies by simple name, native libraries (e.g. a package's
/// runtimes/&lt;rid&gt;/native/libfoo.so) by the names code asks for, as the kernel's dependency manager does.
/// </summary>
internal static class PackageLoader
{
    private static readonly Dictionary<string, string> Assemblies = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, string> Natives = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static bool _hooked;

    public static void Register(RestoreResult result)
    {
        lock (Gate)
        {
            foreach (var path in result.Assemblies)
            {
                Assemblies.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }

            foreach (var path in result.NativeLibraries)
            {
                Natives.TryAdd(Path.GetFileName(path), path);
            }

            if (!_hooked)
            {
                _hooked = true;
                AssemblyLoadContext.Default.Resolving += (context, name) =>
                    name.Name is { } simple && Find(Assemblies, simple) is { } path ? context.LoadFromAssemblyPath(path) : null;
                AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) =>
                    Variants(name).Select(v => Find(Natives, v)).FirstOrDefault(p => p is not null) is { } path ? NativeLibrary.Load(path) : IntPtr.Zero;
            }
        }
    }

    private static string? Find(Dictionary<string, string> map, string key)
    {
        lock (Gate)
        {
            return map.GetValueOrDefault(key);
        }
    }

    private static IEnumerable<string> Variants(string name) =>
        [name, $"{name}.so", $"lib{name}.so", $"{name}.dylib", $"lib{name}.dylib", $"{name}.dll"];
}
