using System.Text.RegularExpressions;

namespace NinNotebooks.Platform;

/// <summary>Replaces files so that a reader sees either the old content or the new, never half of either.</summary>
internal static partial class AtomicFile
{
    /// <summary>
    /// The name of the file that <paramref name="name"/> is a temporary file of, when it is named as <see cref="Write"/>
    /// names them (<c>.NAME.&lt;32 hex digits&gt;.tmp</c>, left behind only by a process killed mid-write); else null.
    /// </summary>
    public static string? TargetOfTemporary(string name)
    {
        var match = TemporaryName().Match(name);
        return match.Success ? match.Groups["file"].Value : null;
    }

    [GeneratedRegex(@"^\.(?<file>.+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TemporaryName();

    /// <summary>
    /// Creates or replaces <paramref name="path"/> with what <paramref name="write"/> writes: first into a temporary
    /// file beside it (flushed to disk), then renamed into place. On failure the old file, if any, is untouched.
    /// With <paramref name="replace"/> false the rename fails (IOException) when a file has appeared at the path meanwhile.
    /// </summary>
    public static void Write(string path, Action<Stream> write, bool replace = true)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew))
            {
                FaultInjection.BeforeWrite(full);
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            FaultInjection.BeforeRename();
            File.Move(temporary, full, overwrite: replace);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Creates or replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8), atomically (see <see cref="Write"/>).</summary>
    public static void WriteAllText(string path, string text, bool replace = true) =>
        Write(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)), replace);

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
