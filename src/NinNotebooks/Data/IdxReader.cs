using System.Buffers.Binary;
using System.IO.Compression;

namespace NinNotebooks.Data;

/// <summary>
/// Reads IDX files (MNIST's format): a big-endian header with magic number 0x0000 08 NN (unsigned bytes, NN
/// dimensions), the dimension sizes, then the data. Plain files and .gz files are both accepted.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads an IDX file of unsigned bytes with <paramref name="dimensions"/> dimensions.</summary>
    /// <returns>The sizes of each dimension and the data.</returns>
    /// <exception cref="InvalidDataException">Wrong magic number, dimension count or length; the message names the file.</exception>
    public static (int[] Sizes, byte[] Data) Read(string path, int dimensions)
    {
        if (!DataFile.Resolve(path).Exists)
        {
            throw new FileNotFoundException($"{path}: IDX file not found.", path);
        }

        byte[] bytes;
        try
        {
            bytes = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? Gunzip(path) : File.ReadAllBytes(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not a valid gzip file ({e.Message}).", e);
        }

        var header = 4 + (4 * dimensions);
        if (bytes.Length < header)
        {
            throw new InvalidDataException($"{path}: expected an IDX header of {header} bytes, the file has {bytes.Length}.");
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        var expectedMagic = 0x0800 | dimensions;
        if (magic != expectedMagic)
        {
            throw new InvalidDataException($"{path}: expected IDX magic number 0x{expectedMagic:X8} (unsigned bytes, {dimensions} dimensions), found 0x{magic:X8}.");
        }

        var sizes = new int[dimensions];
        long product = 1;
        for (var d = 0; d < dimensions; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * d)));
            product *= sizes[d];
        }

        if (bytes.Length - header != product)
        {
            throw new InvalidDataException(
                $"{path}: the header says {string.Join(" × ", sizes)} = {product:N0} bytes of data, found {bytes.Length - header:N0}.");
        }

        return (sizes, bytes[header..]);
    }

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
