using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace NinNotebooks.Setup;

/// <summary>
/// Binds TorchSharp to the libtorch of its own package, whatever else the machine has. TorchSharp's first attempt loads
/// <c>torch_cpu</c> by bare name, which the system's loader resolves through <c>LD_LIBRARY_PATH</c> and its library
/// cache; a distribution's libtorch (Debian's <c>python3-torch</c> brings 1.13) or a PyTorch install found that way
/// is loaded instead, and TorchSharp's wrapper, built for libtorch 2.10, then fails to bind to it. The loader also
/// searches <c>LD_LIBRARY_PATH</c> before a library's own <c>RUNPATH</c>, so even a package library loaded by its
/// path can pull a foreign <c>libc10</c> in as its dependency.
/// </summary>
/// <remarks>
/// The cure is to load the package's own libraries first, by full path and leaves first (c10, then torch_cpu, then
/// torch): a library already loaded satisfies every later request for its name (Linux and macOS match the soname,
/// Windows the module name), so neither TorchSharp's load by name nor the wrapper's dependencies can reach another
/// copy. This is hand-written because neither TorchSharp nor .NET offers a way to pin a native dependency's location.
/// Tested on Linux x64 only; the macOS and Windows names follow the packages' layouts.
/// </remarks>
public static class LibTorchBinding
{
    /// <summary>The package's libraries in the order they must load: each one's dependencies before it.</summary>
    private static readonly string[] Order = ["c10", "gomp", "c10_cuda", "torch_cpu", "torch_cuda", "torch"];

    /// <summary>
    /// Loads the libtorch that TorchSharp's package carries, from the folder <see cref="Folder"/> finds beside
    /// TorchSharp.dll or in the NuGet cache, before TorchSharp loads anything; returns what it loaded and what other
    /// libtorch the machine has. Call it before TorchSharp's first use (<see cref="TorchRuntime.Initialize"/> does).
    /// </summary>
    public static LibTorchBindingReport Bind()
    {
        var torchSharpDirectory = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        var folder = torchSharpDirectory is null ? null : Folder(torchSharpDirectory, PackageVersion(), CurrentOs);
        var loaded = new List<string>();
        if (folder is not null)
        {
            foreach (var file in LoadOrder(Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>(), CurrentOs))
            {
                // A library that cannot load here (a CUDA one without its drivers) is left to TorchSharp to report.
                if (NativeLibrary.TryLoad(Path.Combine(folder, file), out _))
                {
                    loaded.Add(file);
                }
            }
        }

        return new LibTorchBindingReport(folder, loaded, Others(folder, CurrentOs));
    }

    /// <summary>This process's operating system, as this step names its libraries.</summary>
    public static Os CurrentOs => OperatingSystem.IsWindows() ? Os.Windows : OperatingSystem.IsMacOS() ? Os.MacOS : Os.Linux;

    /// <summary>The operating systems whose library names this step knows.</summary>
    public enum Os
    {
        /// <summary>Linux: <c>libNAME.so</c>.</summary>
        Linux,

        /// <summary>macOS: <c>libNAME.dylib</c>.</summary>
        MacOS,

        /// <summary>Windows: <c>NAME.dll</c>.</summary>
        Windows,
    }

    /// <summary>The folder holding the package's libtorch for a TorchSharp.dll in <paramref name="torchSharpDirectory"/>: beside it (an
    /// app built for one runtime), in its <c>runtimes/RID/native</c> folder (a portable app), in the <c>cpu</c> or <c>cuda-*</c> folder
    /// TorchSharp fills in a notebook kernel, or in the NuGet cache's libtorch package of <paramref name="libTorchVersion"/>; null when none holds it.</summary>
    public static string? Folder(string torchSharpDirectory, string libTorchVersion, Os os)
    {
        ArgumentNullException.ThrowIfNull(torchSharpDirectory);
        var rid = Rid(os);
        var directory = Path.GetFullPath(torchSharpDirectory);
        var candidates = new List<string> { directory, Path.Combine(directory, "runtimes", rid, "native"), Path.Combine(directory, "cpu") };
        if (Directory.Exists(directory))
        {
            candidates.AddRange(Directory.EnumerateDirectories(directory, "cuda-*").Order(StringComparer.Ordinal));
        }

        // A NuGet package layout: <packages>/torchsharp/<version>/lib/<tfm>/TorchSharp.dll, and beside it in <packages>
        // the libtorch package that TorchSharp-cpu depends on, e.g. libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native.
        if (Path.GetFileName(Path.GetDirectoryName(directory)) == "lib")
        {
            var packages = Path.GetFullPath(Path.Combine(directory, "..", "..", "..", ".."));
            candidates.Add(Path.Combine(packages, $"libtorch-cpu-{rid}", libTorchVersion, "runtimes", rid, "native"));
        }

        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, FileName("torch_cpu", os))));
    }

    /// <summary>Which of <paramref name="files"/> to load, in order: the libtorch libraries present, each after its dependencies.</summary>
    public static IReadOnlyList<string> LoadOrder(IEnumerable<string> files, Os os)
    {
        var present = files.ToList();
        return [.. Order.Select(name => name == "gomp"
                ? present.Where(f => f.StartsWith(os == Os.Windows ? "gomp" : "libgomp", StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault()
                : present.FirstOrDefault(f => f == FileName(name, os)))
            .OfType<string>()];
    }

    /// <summary>
    /// Other copies of libtorch this machine offers the loader: <c>torch_cpu</c> in the folders of <c>LD_LIBRARY_PATH</c>
    /// (<c>DYLD_LIBRARY_PATH</c>, <c>PATH</c>) and the system's library folders, outside <paramref name="own"/>.
    /// </summary>
    public static IReadOnlyList<string> Others(string? own, Os os)
    {
        var variable = os switch { Os.Windows => "PATH", Os.MacOS => "DYLD_LIBRARY_PATH", _ => "LD_LIBRARY_PATH" };
        var folders = (Environment.GetEnvironmentVariable(variable) ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (os == Os.Linux)
        {
            folders.AddRange(["/usr/local/lib", "/usr/lib", "/usr/lib64", $"/usr/lib/{(RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64" : "x86_64")}-linux-gnu"]);
        }
        else if (os == Os.MacOS)
        {
            folders.AddRange(["/usr/local/lib", "/opt/homebrew/lib"]);
        }

        var name = FileName("torch_cpu", os);
        var ownFull = own is null ? null : Path.GetFullPath(own);
        return [.. folders.Select(f => Path.GetFullPath(f)).Distinct(StringComparer.Ordinal)
            .Where(f => f != ownFull && Directory.Exists(f))
            .SelectMany(f =>
            {
                try
                {
                    // Versioned names too (Debian's libtorch_cpu.so.1.13).
                    return Directory.EnumerateFiles(f, name + "*").Order(StringComparer.Ordinal).ToList();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return [];
                }
            })];
    }

    /// <summary>The file name of library <paramref name="name"/> on <paramref name="os"/>.</summary>
    public static string FileName(string name, Os os) => os switch
    {
        Os.Windows => $"{name}.dll",
        Os.MacOS => $"lib{name}.dylib",
        _ => $"lib{name}.so",
    };

    private static string Rid(Os os) =>
        (os switch { Os.Windows => "win", Os.MacOS => "osx", _ => "linux" }) + (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "-arm64" : "-x64");

    /// <summary>
    /// The libtorch package version TorchSharp was built against, read from its metadata without running its type
    /// initializer (which would load the native backend): its private constant <c>libtorchPackageVersion</c>.
    /// </summary>
    private static string PackageVersion() =>
        typeof(torch).GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Static)?.GetRawConstantValue() as string ?? "";
}
