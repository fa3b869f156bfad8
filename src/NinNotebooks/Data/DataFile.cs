namespace NinNotebooks.Data;

/// <summary>A dataset file, found through any symbolic links, with a clear error when a link leads nowhere.</summary>
internal static class DataFile
{
    /// <summary>
    /// The file at <paramref name="path"/>, or the file its symbolic links finally lead to. (Without this, a link that
    /// loops reads as a tiny file of its own, which a length check would call truncated.)
    /// </summary>
    /// <exception cref="InvalidDataException">The link loops.</exception>
    /// <exception cref="FileNotFoundException">The link leads to nothing.</exception>
    public static FileInfo Resolve(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null)
        {
            return info;
        }

        FileSystemInfo? target;
        try
        {
            target = info.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{path}: a symbolic link that loops (following it never reaches a file: {e.Message.TrimEnd('.')}).", e);
        }

        return target is { Exists: true }
            ? new FileInfo(target.FullName)
            : throw new FileNotFoundException($"{path}: a symbolic link to {target?.FullName ?? info.LinkTarget}, which does not exist.", path);
    }
}
