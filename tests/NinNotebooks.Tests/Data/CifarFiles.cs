using System.Formats.Tar;
using System.IO.Compression;
using NinNotebooks.Data;

namespace NinNotebooks.Tests.Data;

/// <summary>Makes CIFAR-format files and archives with known contents for the data tests.</summary>
internal static class CifarFiles
{
    /// <summary>Record <paramref name="index"/>'s pixel byte <paramref name="j"/>: a pattern that differs per record and position.</summary>
    public static byte Pixel(int index, int j) => (byte)(((index * 7) + (j * 3)) % 251);

    /// <summary><paramref name="count"/> records; record i has label (first + i) % classes in every label byte.</summary>
    public static byte[] Records(int count, CifarLayout layout, int first = 0)
    {
        var bytes = new byte[count * layout.RecordBytes];
        for (var i = 0; i < count; i++)
        {
            var record = bytes.AsSpan(i * layout.RecordBytes, layout.RecordBytes);
            record[..layout.LabelBytes].Fill((byte)((first + i) % layout.NumClasses));
            for (var j = 0; j < CifarLayout.ImageBytes; j++)
            {
                record[layout.LabelBytes + j] = Pixel(first + i, j);
            }
        }

        return bytes;
    }

    /// <summary>The files of a CIFAR-10 folder: five 10,000-record training batches, a test batch and class names.</summary>
    public static IReadOnlyList<(string Name, byte[] Data)> Cifar10Folder() =>
    [
        .. Enumerable.Range(1, 5).Select(i => ($"data_batch_{i}.bin", Records(10_000, CifarLayout.Cifar10, (i - 1) * 10_000))),
        ("test_batch.bin", Records(10_000, CifarLayout.Cifar10, 50_000)),
        ("batches.meta.txt", "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n"u8.ToArray()),
    ];

    /// <summary>Writes <paramref name="files"/> into <paramref name="dir"/>.</summary>
    public static void Write(string dir, IEnumerable<(string Name, byte[] Data)> files)
    {
        Directory.CreateDirectory(dir);
        foreach (var (name, data) in files)
        {
            File.WriteAllBytes(Path.Combine(dir, name), data);
        }
    }

    /// <summary>A .tar.gz holding <paramref name="files"/> under the folder <paramref name="top"/>/.</summary>
    public static byte[] TarGz(string top, IEnumerable<(string Name, byte[] Data)> files)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, top + "/"));
            foreach (var (name, data) in files)
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, $"{top}/{name}") { DataStream = new MemoryStream(data) });
            }
        }

        return memory.ToArray();
    }

    /// <summary>Gzip of <paramref name="data"/>.</summary>
    public static byte[] Gzip(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return memory.ToArray();
    }

    /// <summary>An IDX file of unsigned bytes with the given sizes and data.</summary>
    public static byte[] Idx(int[] sizes, byte[] data, int? magic = null)
    {
        var header = new byte[4 + (4 * sizes.Length)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, magic ?? (0x0800 | sizes.Length));
        for (var d = 0; d < sizes.Length; d++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * d)), sizes[d]);
        }

        return [.. header, .. data];
    }

    /// <summary>Lowercase hex MD5 of bytes.</summary>
    public static string Md5(byte[] data) =>
#pragma warning disable CA5351 // Matches the datasets' published MD5 checksums.
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(data));
#pragma warning restore CA5351
}
