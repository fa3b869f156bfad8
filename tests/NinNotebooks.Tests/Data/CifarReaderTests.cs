using NinNotebooks.Data;

namespace NinNotebooks.Tests.Data;

public class CifarReaderTests
{
    [Fact]
    public void Read_PutsEachRecordsBytesIntoChannelRowColumnOrder()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllBytes(dir.File("a.bin"), CifarFiles.Records(3, CifarLayout.Cifar10));
        File.WriteAllBytes(dir.File("b.bin"), CifarFiles.Records(2, CifarLayout.Cifar10, first: 3));

        var (images, labels) = CifarReader.Read([dir.File("a.bin"), dir.File("b.bin")], CifarLayout.Cifar10, [3, 2]).ToTensors();
        using var _ = images;
        using var __ = labels;

        Assert.Equal([5L, 3, 32, 32], images.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Byte, images.dtype);
        Assert.Equal([0L, 1, 2, 3, 4], labels.data<long>().ToArray());
        foreach (var (i, c, y, x) in new[] { (0, 0, 0, 0), (1, 2, 31, 31), (4, 1, 7, 19), (3, 0, 12, 5) })
        {
            Assert.Equal(CifarFiles.Pixel(i, (c * 1024) + (y * 32) + x), images[i, c, y, x].item<byte>());
        }
    }

    [Fact]
    public void Read_Cifar100_UsesTheFineLabel()
    {
        using var dir = new TemporaryDirectory();
        var records = CifarFiles.Records(2, CifarLayout.Cifar100);
        records[0] = 3;                       // coarse label of record 0
        records[1] = 42;                      // fine label of record 0
        File.WriteAllBytes(dir.File("train.bin"), records);

        var raw = CifarReader.Read([dir.File("train.bin")], CifarLayout.Cifar100, [2]);

        Assert.Equal([42L, 1], raw.Labels);
        Assert.Equal(3074, CifarLayout.Cifar100.RecordBytes);
    }

    [Fact]
    public void Read_TruncatedFile_SaysExpectedAndFoundLengths()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllBytes(dir.File("data_batch_1.bin"), CifarFiles.Records(3, CifarLayout.Cifar10)[..^1]);

        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read([dir.File("data_batch_1.bin")], CifarLayout.Cifar10, [3]));

        Assert.Contains(dir.File("data_batch_1.bin"), error.Message);
        Assert.Contains("expected 9,219 bytes (3 records of 3,073 bytes), found 9,218 (the file is truncated)", error.Message);
    }

    [Fact]
    public void Read_WithoutACount_StillNeedsWholeRecords()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllBytes(dir.File("x.bin"), new byte[5000]);

        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read([dir.File("x.bin")], CifarLayout.Cifar10));

        Assert.Contains("whole number of CIFAR-10 records of 3,073 bytes, found 5,000 bytes", error.Message);
    }

    [Fact]
    public void Read_LabelOutOfRange_NamesTheFileAndRecord()
    {
        using var dir = new TemporaryDirectory();
        var records = CifarFiles.Records(8, CifarLayout.Cifar10);
        records[5 * 3073] = 10;
        File.WriteAllBytes(dir.File("test_batch.bin"), records);

        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read([dir.File("test_batch.bin")], CifarLayout.Cifar10, [8]));

        Assert.Contains(dir.File("test_batch.bin"), error.Message);
        Assert.Contains("record 5 has label 10; CIFAR-10 labels are 0 to 9", error.Message);
    }

    [Fact]
    public void Read_MissingFile_NamesIt()
    {
        using var dir = new TemporaryDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => CifarReader.Read([dir.File("data_batch_1.bin")], CifarLayout.Cifar10, [10_000]));

        Assert.Contains(dir.File("data_batch_1.bin"), error.Message);
    }

    [Fact]
    public void ReadClassNames_SkipsBlankLines_AndChecksTheCount()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllText(dir.File("meta.txt"), "cat\n dog \n\n");

        Assert.Equal(["cat", "dog"], CifarReader.ReadClassNames(dir.File("meta.txt"), 2));
        var error = Assert.Throws<InvalidDataException>(() => CifarReader.ReadClassNames(dir.File("meta.txt"), 10));
        Assert.Contains("expected 10 class names, one per line, found 2", error.Message);
    }

    [Fact]
    public void ASymbolicLinkThatLoops_IsNamedAsSuch_NotCalledTruncated()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllBytes(dir.File("a.bin"), CifarFiles.Records(3, CifarLayout.Cifar10));
        File.CreateSymbolicLink(dir.File("b.bin"), dir.File("c.bin"));
        File.CreateSymbolicLink(dir.File("c.bin"), dir.File("b.bin"));

        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read([dir.File("a.bin"), dir.File("b.bin")], CifarLayout.Cifar10, [3, 2]));

        Assert.StartsWith($"{dir.File("b.bin")}: a symbolic link that loops", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASymbolicLinkToNothing_SaysWhereItPoints()
    {
        using var dir = new TemporaryDirectory();
        File.CreateSymbolicLink(dir.File("a.bin"), dir.File("gone.bin"));

        var error = Assert.Throws<FileNotFoundException>(() => CifarReader.Read([dir.File("a.bin")], CifarLayout.Cifar10, [3]));

        Assert.Equal($"{dir.File("a.bin")}: a symbolic link to {dir.File("gone.bin")}, which does not exist.", error.Message);
    }
}
