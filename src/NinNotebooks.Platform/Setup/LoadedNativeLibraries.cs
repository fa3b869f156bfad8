using System.Runtime.InteropServices;

namespace NinNotebooks.Platform;

/// <summary>Which native libraries this process has loaded, from Linux's <c>/proc/self/maps</c>.</summary>
public static class LoadedNativeLibraries
{
    /// <summary>The full paths of the shared libraries mapped into this process (empty where /proc is unavailable).</summary>
    public static IReadOnlyList<string> Paths()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return [];
        }

        // Each line: address perms offset dev inode [path]; the path is the sixth field and may contain spaces.
        return File.ReadLines(maps)
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/') && fields[5].Contains(".so", StringComparison.Ordinal))
            .Select(fields => fields[5].Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The loaded library whose file name starts with <paramref name="fileNamePrefix"/>, or null.</summary>
    public static string? Find(string fileNamePrefix) =>
        Paths().FirstOrDefault(p => Path.GetFileName(p).StartsWith(fileNamePrefix, StringComparison.Ordinal));

    /// <summary>
    /// The libstdc++ that this process uses, and that any library it loads will bind to. The .NET runtime
    /// itself links libstdc++, so it is normally mapped already; otherwise it is loaded by its soname.
    /// </summary>
    internal static string? FindLibStdCxx()
    {
        var path = Find("libstdc++.so");
        if (path is null && NativeLibrary.TryLoad("libstdc++.so.6", out _))
        {
            path = Find("libstdc++.so");
        }

        return path;
    }
}
