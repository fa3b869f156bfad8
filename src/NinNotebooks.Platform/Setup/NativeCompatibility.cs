using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NinNotebooks.Platform;

/// <summary>
/// Makes TorchSharp's native wrapper library load on Linux machines whose libstdc++ is one GCC release
/// older than the one it was built against (Debian 12 ships GCC 12's libstdc++; TorchSharp 0.107.0's
/// <c>libLibTorchSharp.so</c> was linked against GCC 13's).
/// </summary>
/// <remarks>
/// <para>
/// The wrapper asks for the symbol version <c>GLIBCXX_3.4.32</c>, which GCC 12's libstdc++ lacks, so the
/// dynamic loader refuses it ("version `GLIBCXX_3.4.32' not found"). The only symbol bound to that version
/// is <c>std::ios_base_library_init()</c>, a link-time anchor that no relocation refers to: the library
/// never calls it. Marking that one version requirement <em>weak</em> (the VER_FLG_WEAK bit, 0x2, of its
/// <c>.gnu.version_r</c> entry) tells the loader a missing version is not fatal, and the library loads.
/// </para>
/// <para>
/// The step is general but careful: for each libstdc++ version the library needs and the running process's
/// libstdc++ does not define, it checks that no relocation refers to a symbol bound to that version. Only
/// then does it set the weak bit, and only on that entry: two bytes change, nothing else. If a missing
/// version is really used, nothing is changed and the report says a newer libstdc++ is required.
/// Files are rewritten atomically (temporary file, then rename), keeping their permissions and
/// modification time, so a build's incremental copy sees them as up to date. On machines whose libstdc++
/// is new enough, and on Windows and macOS, nothing is touched.
/// </para>
/// <para>See environment/README.md for the full story.</para>
/// </remarks>
public static class NativeCompatibility
{
    /// <summary>The native wrapper library TorchSharp loads on Linux.</summary>
    public const string LibraryFileName = "libLibTorchSharp.so";

    /// <summary>
    /// Applies the compatibility step, where needed, to the copies of <c>libLibTorchSharp.so</c> that belong
    /// to the TorchSharp.dll in <paramref name="torchSharpDirectory"/> (see <see cref="CandidatePaths"/>).
    /// </summary>
    /// <param name="torchSharpDirectory">The folder holding TorchSharp.dll; null when unknown.</param>
    public static NativeCompatibilityReport Ensure(string? torchSharpDirectory) => Ensure(torchSharpDirectory, CurrentPlatform());

    /// <summary>
    /// As <see cref="Ensure(string?)"/> on <paramref name="platform"/>, so that every branch can be tested on one
    /// machine: anywhere but Linux nothing is read or written (Windows and macOS load TorchSharp's own
    /// <c>LibTorchSharp.dll</c> or <c>libLibTorchSharp.dylib</c>, with their own C++ runtimes; the symbol-version
    /// check is an ELF and glibc matter).
    /// </summary>
    internal static NativeCompatibilityReport Ensure(string? torchSharpDirectory, OSPlatform platform)
    {
        if (platform != OSPlatform.Linux)
        {
            return new NativeCompatibilityReport(null, [], $"not Linux ({PlatformName(platform)}): no compatibility step is needed, nothing was read or changed");
        }

        var libStdCxxPath = LoadedNativeLibraries.FindLibStdCxx();
        if (libStdCxxPath is null)
        {
            return new NativeCompatibilityReport(null, [], "could not find the libstdc++ this process uses; nothing was changed");
        }

        IReadOnlySet<string> provided;
        try
        {
            provided = ElfImage.Read(libStdCxxPath).VersionDefinitions;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new NativeCompatibilityReport(libStdCxxPath, [], $"could not read libstdc++ ({e.Message}); nothing was changed");
        }

        var candidates = torchSharpDirectory is null ? [] : CandidatePaths(torchSharpDirectory).Where(File.Exists).ToList();
        var libraries = candidates.Select(path => EnsureFile(path, provided)).ToList();
        var note = candidates.Count == 0 ? $"no {LibraryFileName} found beside TorchSharp.dll ({torchSharpDirectory ?? "location unknown"})" : "";
        return new NativeCompatibilityReport(libStdCxxPath, libraries, note, provided);
    }

    /// <summary>The operating system this process runs on, as the platforms <see cref="Ensure(string?, OSPlatform)"/> knows.</summary>
    internal static OSPlatform CurrentPlatform() =>
        OperatingSystem.IsLinux() ? OSPlatform.Linux
        : OperatingSystem.IsWindows() ? OSPlatform.Windows
        : OperatingSystem.IsMacOS() ? OSPlatform.OSX
        : OSPlatform.FreeBSD;

    private static string PlatformName(OSPlatform platform) =>
        platform == OSPlatform.Windows ? "Windows" : platform == OSPlatform.OSX ? "macOS" : platform.ToString();

    /// <summary>
    /// The places a copy of <c>libLibTorchSharp.so</c> that TorchSharp may load can live, for a TorchSharp.dll
    /// in <paramref name="torchSharpDirectory"/>: beside it (an app built for one runtime), under
    /// <c>runtimes/&lt;rid&gt;/native</c> (a portable app), in the <c>cpu</c> and <c>cuda-*</c> folders that
    /// TorchSharp fills when a script host or notebook kernel loads it from the NuGet cache, and in the NuGet
    /// package's own <c>runtimes</c> folder that those copies come from.
    /// </summary>
    public static IEnumerable<string> CandidatePaths(string torchSharpDirectory)
    {
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var directory = Path.GetFullPath(torchSharpDirectory);
        var paths = new List<string>
        {
            Path.Combine(directory, LibraryFileName),
            Path.Combine(directory, "runtimes", rid, "native", LibraryFileName),
            Path.Combine(directory, "cpu", LibraryFileName),
        };
        if (Directory.Exists(directory))
        {
            paths.AddRange(Directory.EnumerateDirectories(directory, "cuda-*").Select(d => Path.Combine(d, LibraryFileName)));
        }

        // A NuGet package layout: <packages>/torchsharp/<version>/lib/<tfm>/TorchSharp.dll.
        var packageRoot = Path.GetFullPath(Path.Combine(directory, "..", ".."));
        if (Path.GetFileName(Path.GetDirectoryName(directory)) == "lib")
        {
            paths.Add(Path.Combine(packageRoot, "runtimes", rid, "native", LibraryFileName));
        }

        return paths.Distinct(StringComparer.Ordinal);
    }

    /// <summary>Checks one library against the versions a libstdc++ provides and patches it when that is needed and safe.</summary>
    internal static NativeLibraryCheck EnsureFile(string path, IReadOnlySet<string> providedVersions)
    {
        ElfImage image;
        try
        {
            image = ElfImage.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new NativeLibraryCheck(path, NativePatchStatus.Failed, [], $"could not read it: {e.Message}");
        }

        var missing = image.VersionNeeds
            .Where(v => v.File.StartsWith("libstdc++.so", StringComparison.Ordinal) && !providedVersions.Contains(v.Name))
            .ToList();
        var missingNames = missing.Select(v => v.Name).ToList();
        if (missing.Count == 0)
        {
            return new NativeLibraryCheck(path, NativePatchStatus.NotNeeded, [], "libstdc++ provides every version it needs");
        }

        var used = missing.Select(v => (Need: v, Symbols: RelocatedSymbolsBoundTo(image, v))).Where(u => u.Symbols.Count > 0).ToList();
        if (used.Count > 0)
        {
            var detail = string.Join("; ", used.Select(u =>
                $"{u.Need.Name} is used by {u.Symbols.Count} relocated symbol(s), e.g. {u.Symbols[0]}"));
            return new NativeLibraryCheck(path, NativePatchStatus.CannotFix, missingNames,
                $"needs libstdc++ versions this machine lacks and really uses them ({detail}); " +
                "install a newer libstdc++ (GCC 13 or later) - see environment/README.md");
        }

        var toWeaken = missing.Where(v => !v.IsWeak).ToList();
        var unusedSymbols = string.Join(", ", missing.SelectMany(v => SymbolsBoundTo(image, v)).Distinct());
        if (toWeaken.Count == 0)
        {
            return new NativeLibraryCheck(path, NativePatchStatus.AlreadyApplied, missingNames,
                $"{string.Join(", ", missingNames)} already marked weak (only unrelocated symbols: {unusedSymbols})");
        }

        var bytes = image.CopyBytes();
        foreach (var need in toWeaken)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(need.FlagsOffset, 2), (ushort)(need.Flags | ElfImage.WeakFlag));
        }

        try
        {
            AtomicFile.ReplaceKeepingMetadata(path, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new NativeLibraryCheck(path, NativePatchStatus.Failed, missingNames,
                $"needs {string.Join(", ", missingNames)} marked weak but could not be rewritten: {e.Message}");
        }

        return new NativeLibraryCheck(path, NativePatchStatus.Applied, missingNames,
            $"marked {string.Join(", ", toWeaken.Select(v => v.Name))} weak (only unrelocated symbols: {unusedSymbols})");
    }

    private static List<string> SymbolsBoundTo(ElfImage image, ElfVersionNeed need) =>
        image.DynamicSymbols.Where(s => s.VersionIndex == need.Index).Select(s => s.Name).ToList();

    private static List<string> RelocatedSymbolsBoundTo(ElfImage image, ElfVersionNeed need) =>
        image.RelocatedSymbols
            .Where(i => i < image.DynamicSymbols.Count && image.DynamicSymbols[i].VersionIndex == need.Index)
            .Select(i => image.DynamicSymbols[i].Name)
            .ToList();
}
