using NinNotebooks.Data;

namespace NinNotebooks.Tests.Data;

public class IdxReaderTests
{
    private static readonly byte[] Pixels = [.. Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)i)];

    [Theory]
    [InlineData("images-idx3-ubyte")]
    [InlineData("images-idx3-ubyte.gz")]
    public void Read_PlainOrGzip_ReturnsSizesAndData(string name)
    {
        using var dir = new TemporaryDirectory();
        var idx = CifarFiles.Idx([2, 3, 4], Pixels);
        File.WriteAllBytes(dir.File(name), name.EndsWith(".gz", StringComparison.Ordinal) ? CifarFiles.Gzip(idx) : idx);

        var (sizes, data) = IdxReader.Read(dir.File(name), 3);

        Assert.Equal([2, 3, 4], sizes);
        Assert.Equal(Pixels, data);
    }

    [Fact]
    public void Read_WrongMagic_SaysWhatWasExpected()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllBytes(dir.File("labels"), CifarFiles.Idx([2, 3, 4], Pixels));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(dir.File("labels"), 1));

        Assert.Contains("expected IDX magic number 0x00000801 (unsigned bytes, 1 dimensions), found 0x00000803", error.Message);
        Assert.Contains(dir.File("labels"), error.Message);
    }

    [Fact]
    public void Read_DataShorterThanTheHeaderSays_IsAnError()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllBytes(dir.File("images"), CifarFiles.Idx([2, 3, 4], Pixels[..^2]));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(dir.File("images"), 3));

        Assert.Contains("the header says 2 × 3 × 4 = 24 bytes of data, found 22", error.Message);
    }

    [Fact]
    public void Read_CorruptGzip_NamesTheFile()
    {
        using var dir = new TemporaryDirectory();
        var gzip = CifarFiles.Gzip(CifarFiles.Idx([2, 3, 4], Pixels));
        gzip[12] ^= 0xFF;
        gzip[13] ^= 0xFF;
        File.WriteAllBytes(dir.File("images.gz"), gzip);

        var error = Assert.ThrowsAny<InvalidDataException>(() => IdxReader.Read(dir.File("images.gz"), 3));

        Assert.Contains(dir.File("images.gz"), error.Message);
    }
}
