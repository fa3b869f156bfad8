using System.Text.Json;

namespace NinNotebooks.Data;

/// <summary>
/// The <c>.nin-verified.json</c> file written into a dataset folder unpacked from checksum-verified downloads: which
/// archives (and MD5s) it came from and the size of every file, so <c>nin data info</c> can tell a verified folder
/// from one put there by hand, or one changed since.
/// </summary>
internal sealed record VerifiedMarker(IReadOnlyList<VerifiedMarker.Archive> Archives, IReadOnlyDictionary<string, long> Files, DateTimeOffset VerifiedAt)
{
    /// <summary>The marker's file name inside the dataset folder.</summary>
    public const string FileName = ".nin-verified.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>An archive the folder was unpacked from.</summary>
    internal sealed record Archive(string FileName, string Md5);

    /// <summary>A marker for <paramref name="dir"/> as it is now.</summary>
    public static VerifiedMarker Describe(string dir, IEnumerable<RemoteFile> downloads) => new(
        [.. downloads.Select(d => new Archive(d.FileName, d.Md5))],
        Directory.EnumerateFiles(dir).Where(f => Path.GetFileName(f) != FileName).ToDictionary(f => Path.GetFileName(f), f => new FileInfo(f).Length),
        DateTimeOffset.UtcNow);

    public void Write(string dir) => File.WriteAllText(Path.Combine(dir, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>The marker in <paramref name="dir"/>, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">There is a file of that name, but not one nin wrote (the message says why).</exception>
    public static VerifiedMarker? Read(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        VerifiedMarker? marker;
        try
        {
            marker = JsonSerializer.Deserialize<VerifiedMarker>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a marker nin wrote (not valid JSON for a marker)", e);
        }

        // Missing members deserialise as null: a marker must name its archives and the files it vouches for.
        var problem = marker switch
        {
            null => "it is empty",
            { Archives: null or [] } => "it lists no archives",
            { Archives: var archives } when archives.Any(a => a is null || string.IsNullOrWhiteSpace(a.FileName) || string.IsNullOrWhiteSpace(a.Md5)) => "an archive has no name or MD5",
            { Files: null or { Count: 0 } } => "it lists no files",
            _ => null,
        };
        return problem is null ? marker : throw new InvalidDataException($"{path} is not a marker nin wrote ({problem})");
    }

    /// <summary>
    /// Why the marker does not vouch for <paramref name="dir"/> as it is now: a file the dataset needs is not listed, or
    /// a listed file is missing or has another size. Null when it does.
    /// </summary>
    public string? Mismatch(string dir, IEnumerable<string> expectedFiles)
    {
        var path = Path.Combine(dir, FileName);
        if (expectedFiles.FirstOrDefault(f => !Files.ContainsKey(f)) is { } unlisted)
        {
            return $"{path} is not a marker nin wrote (it does not list {unlisted})";
        }

        foreach (var (name, length) in Files)
        {
            var info = new FileInfo(Path.Combine(dir, name));
            if (!info.Exists || info.Length != length)
            {
                return $"{path} no longer matches the folder ({name} {(info.Exists ? $"has {info.Length:N0} bytes, the marker says {length:N0}" : "is missing")})";
            }
        }

        return null;
    }
}
