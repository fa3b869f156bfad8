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
    public static string Resolve(string? dataDir = null)
    {
        if (!string.IsNullOrWhiteSpace(dataDir))
        {
            return Path.GetFullPath(dataDir);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NinNotebooks.sln")))
            {
                return Path.Combine(dir.FullName, "data");
            }
        }

        return Path.GetFullPath("data");
    }
}
