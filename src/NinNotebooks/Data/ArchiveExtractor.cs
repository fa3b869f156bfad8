using System.Formats.Tar;
using System.IO.Compression;

namespace NinNotebooks.Data;

/// <summary>Unpacks downloads safely: only regular files, only inside the expected folder, errors that name the archive.</summary>
internal static class ArchiveExtractor
{
    /// <summary>
    /// Extracts the regular files under <paramref name="topFolder"/>/ in the .tar.gz <paramref name="archive"/> into
    /// <paramref name="destination"/> (without the top folder). Other entries are ignored; a path that would leave the
    /// folder is an error.
    /// </summary>
    public static void ExtractTarGz(string archive, string topFolder, string destination)
    {
        Directory.CreateDirectory(destination);
        var prefix = topFolder.TrimEnd('/') + "/";
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var relative = name[prefix.Length..];
                var target = Path.GetFullPath(Path.Combine(destination, relative));
                if (relative.Length == 0 || !target.StartsWith(Path.GetFullPath(destination) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{archive}: entry '{entry.Name}' points outside the dataset folder; refusing to extract it.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target, overwrite: false);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException && !e.Message.StartsWith(archive, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{archive}: not a valid .tar.gz archive ({e.Message}). Delete it and download it again.", e);
        }
    }

    /// <summary>Decompresses the .gz <paramref name="archive"/> to <paramref name="destination"/>.</summary>
    public static void Gunzip(string archive, string destination)
    {
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var output = new FileStream(destination, FileMode.CreateNew);
            gzip.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{archive}: not a valid .gz file ({e.Message}). Delete it and download it again.", e);
        }
    }
}
