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

    /// <summary>The marker in <paramref name="dir"/>, or null when there is none or it cannot be read.</summary>
    public static VerifiedMarker? Read(string dir)
    {
        var path = Path.Combine(dir, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<VerifiedMarker>(File.ReadAllText(path)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when every recorded file is still there with the recorded size.</summary>
    public bool Matches(string dir) =>
        Files.All(f => new FileInfo(Path.Combine(dir, f.Key)) is { Exists: true } info && info.Length == f.Value);
}
