namespace NinNotebooks.Setup;

/// <summary>Replaces files so that a reader sees either the old content or the new, never half of either.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/>, gives it the original's
    /// permissions and modification time, then renames it over the original. A process that has the old file
    /// open or mapped keeps the old content. On failure the original is untouched and the temporary file removed.
    /// </summary>
    public static void ReplaceKeepingMetadata(string path, byte[] bytes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var lastWrite = File.GetLastWriteTimeUtc(path);
            File.WriteAllBytes(temporary, bytes);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            }

            File.SetLastWriteTimeUtc(temporary, lastWrite);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
