using NinNotebooks.Data;

namespace NinNotebooks.Tests.Data;

public class DatasetStatusTests
{
    [Fact]
    public void InspectAll_TellsMissingValidInvalidAndSyntheticApart()
    {
        using var root = new TemporaryDirectory();
        CifarFiles.Write(root.File("cifar-100-binary"), [("train.bin", new byte[10])]);
        File.WriteAllBytes(root.File("train-images-idx3-ubyte.gz"), [1, 2]);
        SyntheticCifar.Write(root.File(Datasets.SyntheticDirectoryName), 50, 10);

        var status = DatasetStatus.InspectAll(root.Path).ToDictionary(s => s.Name);

        Assert.Equal(DatasetState.Missing, status["cifar10"].State);
        Assert.Equal("not downloaded", status["cifar10"].Detail);
        Assert.Equal(DatasetState.Invalid, status["cifar100"].State);
        Assert.Contains("fine_label_names.txt", status["cifar100"].Detail);
        Assert.Equal(DatasetState.Missing, status["mnist"].State);
        Assert.Contains("train-images-idx3-ubyte.gz present", status["mnist"].Detail);
        Assert.Equal(DatasetState.Valid, status["synthetic"].State);
        Assert.Contains("SYNTHETIC", status["synthetic"].Detail);
        Assert.Equal(root.File(Datasets.SyntheticDirectoryName), status["synthetic"].Folder);
    }

    [Fact]
    public void Inspect_HandPlacedFiles_AreValidButNotVerified()
    {
        using var root = new TemporaryDirectory();
        CifarFiles.Write(root.Path, CifarFiles.Cifar10Folder());

        var status = DatasetStatus.Inspect("cifar10", root.Path, DatasetSource.Cifar10.Downloads);

        Assert.Equal(DatasetState.Valid, status.State);
        Assert.Equal("50,000 train + 10,000 test images; files well-formed, but not unpacked by nin from a checksum-verified archive", status.Detail);
        Assert.Equal(6 * 30_730_000 + 61, status.Bytes);
    }

    [Fact]
    public void Inspect_MalformedFile_IsInvalidWithTheReason()
    {
        using var root = new TemporaryDirectory();
        CifarFiles.Write(root.Path, CifarFiles.Cifar10Folder().Select(f => f.Name == "test_batch.bin" ? (f.Name, f.Data[..^1]) : f));

        var status = DatasetStatus.Inspect("cifar10", root.Path, DatasetSource.Cifar10.Downloads);

        Assert.Equal(DatasetState.Invalid, status.State);
        Assert.Contains("test_batch.bin: expected 30,730,000 bytes", status.Detail);
    }
}
