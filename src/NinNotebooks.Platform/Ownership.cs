namespace NinNotebooks.Platform;

/// <summary>
/// The one rule by which every writer here decides whether it may replace what is at a path ("is this ours to
/// replace?"): it may when nothing is there, or when a regular file is there that the writer recognises as its own
/// work, unchanged since it wrote it. A symbolic link (even one to a file of ours), a folder, and a FIFO, socket or
/// device are never ours: nothing is written through them, and they are not even opened (opening a FIFO to read it
/// waits for a writer). A writer that replaces a folder applies the rule to everything in it (the book does).
/// </summary>
/// <remarks>
/// The writers differ only in how they recognise their work: a run folder by its files' names, an executed copy by
/// its metadata, a report by its root element, the book by its marker's SHA-256 listing, an exported app and a
/// lesson page by their first line (<see cref="FirstLineMark"/>). Each phrases its own refusal, from the
/// <see cref="Standing"/> this returns.
/// </remarks>
internal static class Ownership
{
    /// <summary>What stands at a path, for the rule.</summary>
    public enum Standing
    {
        /// <summary>Nothing: the writer may create the file.</summary>
        Nothing,

        /// <summary>A regular file the writer recognises as its own, unchanged: the writer may replace it.</summary>
        Ours,

        /// <summary>A regular file the writer wrote, changed since: someone's edits, never replaced.</summary>
        ChangedSince,

        /// <summary>A regular file the writer does not recognise: never replaced.</summary>
        NotOurs,

        /// <summary>A symbolic link, dangling or not: never followed or replaced.</summary>
        Link,

        /// <summary>A folder: never replaced by a file.</summary>
        Folder,

        /// <summary>A FIFO, socket or device: never opened or replaced.</summary>
        Special,
    }

    /// <summary>
    /// What stands at <paramref name="path"/>. <paramref name="recognise"/> is asked about regular files only: true
    /// for the writer's own unchanged file, false for one of its files changed since, null for any other.
    /// </summary>
    public static Standing Of(string path, Func<string, bool?> recognise)
    {
        ArgumentNullException.ThrowIfNull(recognise);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return Standing.Link;
        }

        if (Directory.Exists(path))
        {
            return Standing.Folder;
        }

        if (!info.Exists)
        {
            return Standing.Nothing;
        }

        if (FileKind.IsSpecial(path))
        {
            return Standing.Special;
        }

        return recognise(path) switch
        {
            true => Standing.Ours,
            false => Standing.ChangedSince,
            null => Standing.NotOurs,
        };
    }
}
