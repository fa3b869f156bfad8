namespace NinNotebooks.Data;

/// <summary>Where datasets live: the folder given, else <c>NIN_DATA_DIR</c>, else the repository's <c>data/</c> folder.</summary>
public static class DataRoot
{
    /// <summary>The environment variable that names the data folder when no folder is given.</summary>
    public const string EnvironmentVariable = "NIN_DATA_DIR";

    /// <summary>
    /// Resolves the data folder: <paramref name="dataDir"/> when given; else <c>NIN_DATA_DIR</c> when set; else the
    /// <c>data/</c> folder of the repository that contains the current directory (found by walking up to
    /// <c>NinNotebooks.sln</c>), else <c>data/</c> in the current directory. The folder need not exist yet.
    /// </summary>
    /// <param name="dataDir">The folder given, or null.</param>
    /// <param name="givenAs">How messages name <paramref name="dataDir"/> when it is wrong: a program passes its own
    /// name for it (the CLI its option); the library says "given".</param>
    /// <exception cref="ArgumentException">The path names a file, a symbolic link to nothing, or lies through a symbolic link that loops (the message says where it came from).</exception>
    public static string Resolve(string? dataDir = null, string givenAs = "given")
    {
        if (!string.IsNullOrWhiteSpace(dataDir))
        {
            return Folder(Path.GetFullPath(dataDir), givenAs);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Folder(Path.GetFullPath(fromEnvironment), EnvironmentVariable);
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NinNotebooks.sln")))
            {
                return Folder(Path.Combine(dir.FullName, "data"), "the repository's data folder");
            }
        }

        return Folder(Path.GetFullPath("data"), "the default data folder");
    }

    private static string Folder(string path, string source)
    {
        const string Advice = "give a folder (it is created when missing).";
        if (PathChecks.LinkLoop(path) is { } loop)
        {
            throw new ArgumentException(loop == Path.TrimEndingDirectorySeparator(path)
                ? $"The data folder {path} ({source}) is a symbolic link that loops (following it never reaches a folder); {Advice}"
                : $"The data folder {path} ({source}) cannot be reached: {loop} is a symbolic link that loops; {Advice}");
        }

        var link = new FileInfo(path);
        if (link.LinkTarget is { } target && link.ResolveLinkTarget(returnFinalTarget: true) is var final && final is not { Exists: true } && !Directory.Exists(path))
        {
            throw new ArgumentException($"The data folder {path} ({source}) is a symbolic link to {final?.FullName ?? target}, which does not exist; {Advice}");
        }

        return File.Exists(path)
            ? throw new ArgumentException($"The data folder {path} ({source}) is a file, not a folder; {Advice}")
            : path;
    }

    /// <summary>
    /// Creates <paramref name="folder"/> when missing and checks that files can be created in it.
    /// </summary>
    /// <exception cref="IOException">They cannot: the one-line message names the folder (or the parent that blocks it) and ends with <paramref name="advice"/>.</exception>
    internal static void CheckWritable(string folder, string advice)
    {
        if (PathChecks.WhyNotWritable(folder) is { } reason)
        {
            throw new IOException($"The data folder {folder} {reason}; {advice}");
        }
    }
}
