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
    /// <exception cref="ArgumentException">The path names a file, not a folder (the message says where it came from).</exception>
    public static string Resolve(string? dataDir = null)
    {
        if (!string.IsNullOrWhiteSpace(dataDir))
        {
            return Folder(Path.GetFullPath(dataDir), "--data-dir");
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

    private static string Folder(string path, string source) => File.Exists(path)
        ? throw new ArgumentException($"The data folder {path} ({source}) is a file, not a folder; give a folder (it is created when missing).")
        : path;
}
