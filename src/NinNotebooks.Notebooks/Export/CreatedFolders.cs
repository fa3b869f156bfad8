namespace NinNotebooks.Notebooks.Export;

/// <summary>
/// The folders an export will create for its output (the output folder and any missing folders above it), noted before
/// it writes, so that a failed export can remove them again: only those, only when they are empty, never a link, and
/// never a folder that existed before.
/// </summary>
internal sealed class CreatedFolders
{
    private readonly List<string> _missing;

    private CreatedFolders(List<string> missing) => _missing = missing;

    /// <summary>Notes which of <paramref name="folder"/> and the folders above it do not exist yet.</summary>
    public static CreatedFolders Before(string folder)
    {
        var missing = new List<string>();
        for (var dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)); dir is not null && !Path.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            missing.Add(dir);
        }

        return new CreatedFolders(missing);
    }

    /// <summary>Removes the noted folders that are now empty, deepest first; stops at the first that holds anything.</summary>
    public void RemoveIfEmpty()
    {
        foreach (var dir in _missing)
        {
            try
            {
                var info = new DirectoryInfo(dir);
                if (!info.Exists)
                {
                    continue;
                }

                if (info.LinkTarget is not null || info.EnumerateFileSystemInfos().Any())
                {
                    return;
                }

                info.Delete();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Tidying up must not hide why the export failed; what cannot be removed stays.
                return;
            }
        }
    }
}
