namespace NinNotebooks;

/// <summary>
/// Checks on a folder the library is about to create or write, so that a message can say what is wrong in the
/// user's terms: the operating system reports a symbolic link that loops as "too many levels of symbolic links" on
/// some other path (and .NET's File.Exists calls such a link a file), and a folder that cannot be written as a failure
/// on a temporary file's name.
/// </summary>
internal static class PathChecks
{
    /// <summary>
    /// The first of <paramref name="fullPath"/>'s leading parts, from the root down to the whole path, that is a
    /// symbolic link following which never ends (it leads back to itself, directly or through others); null when none is.
    /// </summary>
    public static string? LinkLoop(string fullPath)
    {
        var parts = new List<string>();
        for (var part = Path.TrimEndingDirectorySeparator(fullPath); !string.IsNullOrEmpty(part); part = Path.GetDirectoryName(part))
        {
            parts.Add(part);
        }

        parts.Reverse();
        foreach (var part in parts)
        {
            try
            {
                var info = new FileInfo(part);
                if (info.LinkTarget is null)
                {
                    if (!Path.Exists(part))
                    {
                        return null;   // nothing here, so nothing beyond it to follow
                    }

                    continue;
                }

                // .NET follows at most 40 links, as Linux does, and then reports the loop as an IOException.
                info.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException)
            {
                return part;
            }
            catch (UnauthorizedAccessException)
            {
                return null;   // cannot be looked into; whatever is wrong is reported by the operation itself
            }
        }

        return null;
    }

    /// <summary>
    /// Why files cannot be created in <paramref name="folder"/> (created first when missing), to follow the folder's
    /// name: "is not writable", or "cannot be created, as /d is not writable" naming the nearest existing parent that
    /// blocks it; null when they can.
    /// </summary>
    public static string? WhyNotWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".nin-write-check.{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var existing = folder;
            while (!Directory.Exists(existing) && !File.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            {
                existing = parent;
            }

            return File.Exists(existing) ? $"cannot be created, as {existing} is a file"
                : existing == folder ? "is not writable"
                : $"cannot be created, as {existing} is not writable";
        }
    }
}
