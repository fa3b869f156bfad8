using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using NinNotebooks.Platform;

namespace NinNotebooks.Notebooks.Export;

/// <summary>
/// The <c>.nin-book.json</c> file in every book <see cref="HtmlBook"/> writes: each file of the book with its SHA-256.
/// A folder is replaced by a new book only when it is provably an earlier one: it holds this marker, and everything in
/// it is a file the marker lists, unchanged, with no symbolic links. Anything else there (a file added, a page edited,
/// a link) may be someone's work, so the folder is left alone and the reason given: the rule of <see cref="Ownership"/>
/// applied to the marker and to every entry, so a folder is the book's to replace only when everything in it is.
/// </summary>
public static class BookMarker
{
    /// <summary>The marker's file name in the book's folder.</summary>
    public const string FileName = ".nin-book.json";

    /// <summary>What the marker names as its writer.</summary>
    public const string Generator = "nin notebooks export --to html";

    /// <summary>Writes the marker for every file now under <paramref name="dir"/> (call it when the book is complete).</summary>
    public static void Write(string dir)
    {
        var files = new JsonObject();
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Relative(dir, f)).Order(StringComparer.Ordinal))
        {
            files[file] = Hash(Path.Combine(dir, file));
        }

        var marker = new JsonObject { ["generator"] = Generator, ["files"] = files };
        FaultInjection.BeforeWrite(Path.Combine(dir, FileName));
        File.WriteAllText(Path.Combine(dir, FileName), marker.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// The files of the earlier book in <paramref name="dir"/> (relative, '/'-separated), after checking that the folder
    /// holds nothing else and that none of them changed.
    /// </summary>
    /// <exception cref="ArgumentException">The folder is not such a book; the message says what does not belong.</exception>
    public static IReadOnlyList<string> Verify(string dir)
    {
        var markerPath = Path.Combine(dir, FileName);
        var marker = Ownership.Of(markerPath, _ => true);
        if (marker is Ownership.Standing.Nothing or Ownership.Standing.Folder)
        {
            throw new ArgumentException($"{dir} is not empty and is not a book this exporter wrote (it has no {FileName}); choose an empty or new folder.");
        }

        var problems = new List<string>();
        var listed = ReadListing(markerPath, marker, problems);
        Check(dir, dir, listed, problems);
        return problems.Count == 0
            ? [.. listed.Keys.Order(StringComparer.Ordinal)]
            : throw new ArgumentException(
                $"{dir} is not a book this exporter wrote, or it was changed since: {string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? $" (and {problems.Count - 5} more)" : "")}. " +
                "Nothing was deleted; choose an empty or new folder, or move those files out.");
    }

    /// <summary>
    /// Deletes the files of a verified book (<paramref name="files"/>, from <see cref="Verify"/>), its marker, then its
    /// folders if they are empty: never anything the book did not write.
    /// </summary>
    public static void Delete(string dir, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files.Append(FileName))
        {
            var path = Path.Combine(dir, file);
            if (File.Exists(path) && new FileInfo(path).LinkTarget is null)
            {
                File.Delete(path);
            }
        }

        var folders = files.Select(f => Path.GetDirectoryName(f)!).Where(d => d.Length > 0).Distinct().OrderByDescending(d => d.Length);
        foreach (var folder in folders.Select(f => Path.Combine(dir, f)).Append(dir))
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }

    /// <summary>The marker's listing; a marker that is a link or not a regular file is not read (a FIFO would wait for a writer).</summary>
    private static Dictionary<string, string> ReadListing(string markerPath, Ownership.Standing standing, List<string> problems)
    {
        if (standing is not Ownership.Standing.Ours)
        {
            problems.Add(standing is Ownership.Standing.Link ? $"its {FileName} is a symbolic link" : $"its {FileName} is not a regular file (a FIFO, socket or device)");
            return [];
        }

        try
        {
            var marker = JsonNode.Parse(File.ReadAllText(markerPath)) as JsonObject;
            if (marker?["generator"]?.GetValue<string>() != Generator || marker["files"] is not JsonObject files)
            {
                problems.Add($"its {FileName} is not one this exporter wrote (no generator \"{Generator}\" and list of files)");
                return [];
            }

            return files.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            problems.Add($"its {FileName} is not one this exporter wrote ({e.Message})");
            return [];
        }
    }

    /// <summary>Walks the folder without following links: every entry must be a listed, unchanged file or a folder of them (<see cref="Ownership"/>).</summary>
    private static void Check(string root, string dir, Dictionary<string, string> listed, List<string> problems)
    {
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = Relative(root, entry.FullName);
            if (relative == FileName)
            {
                continue;
            }

            var standing = Ownership.Of(entry.FullName, file => listed.TryGetValue(relative, out var hash) ? string.Equals(hash, Hash(file), StringComparison.OrdinalIgnoreCase) : null);
            if (standing is Ownership.Standing.Folder && listed.Keys.Any(f => f.StartsWith(relative + "/", StringComparison.Ordinal)))
            {
                Check(root, entry.FullName, listed, problems);
                continue;
            }

            if (standing switch
            {
                Ownership.Standing.Link => $"{relative} is a symbolic link; the book wrote none",
                Ownership.Standing.Folder => $"{relative}/ is not part of the book",
                Ownership.Standing.Special => $"{relative} is not a regular file (a FIFO, socket or device)",
                Ownership.Standing.NotOurs => $"{relative} is not part of the book",
                Ownership.Standing.ChangedSince => $"{relative} was changed since the book was written",
                _ => null,
            } is { } problem)
            {
                problems.Add(problem);
            }
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
