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

    [Fact]
    public void AMarkerThatIsEmpty_OrListsNoFiles_OrNotAllOfThem_DoesNotMakeAFolderVerified_AndTheListingGoesOn()
    {
        using var root = new TemporaryDirectory();
        var folder = root.File("cifar-10-batches-bin");
        CifarFiles.Write(folder, CifarFiles.Cifar10Folder());
        var marker = Path.Combine(folder, ".nin-verified.json");
        var archives = """[{"FileName":"cifar-10-binary.tar.gz","Md5":"c32a1d4ab5d03f1284b67883e8d87530"}]""";

        foreach (var (json, reason) in new[]
        {
            ("{}", "it lists no archives"),
            ($$$"""{"Archives":{{{archives}}},"Files":{}}""", "it lists no files"),
            ($$$"""{"Archives":{{{archives}}},"Files":{"test_batch.bin":30730000}}""", "it does not list data_batch_1.bin"),
            ("[1, 2]", "not valid JSON for a marker"),
        })
        {
            File.WriteAllText(marker, json);

            var status = DatasetStatus.InspectAll(root.Path).ToDictionary(s => s.Name);

            Assert.Equal(DatasetState.Valid, status["cifar10"].State);
            Assert.StartsWith("50,000 train + 10,000 test images; files well-formed, but not unpacked by nin from a checksum-verified archive", status["cifar10"].Detail, StringComparison.Ordinal);
            Assert.Contains($"{marker} is not a marker nin wrote ({reason})", status["cifar10"].Detail, StringComparison.Ordinal);
            Assert.Equal(4, status.Count);
        }

        // The marker nin writes does verify the same folder.
        File.Delete(marker);
        VerifiedMarker.Describe(folder, DatasetSource.Cifar10.Downloads).Write(folder);
        Assert.Equal(DatasetState.Verified, DatasetStatus.Inspect("cifar10", folder, DatasetSource.Cifar10.Downloads).State);
    }
}
