using NinNotebooks.Data;

namespace NinNotebooks.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void FromFolder_Cifar10_LoadsAllSixBatchesInOrder()
    {
        using var root = new TemporaryDirectory();
        CifarFiles.Write(root.Path, CifarFiles.Cifar10Folder());

        using var splits = Datasets.FromFolder("cifar10", root.Path);

        Assert.Equal([50_000L, 3, 32, 32], splits.Train.Images.shape);
        Assert.Equal([10_000L, 3, 32, 32], splits.Test.Images.shape);
        Assert.Equal(CifarFiles.Pixel(43_210, 5), splits.Train.Images[43_210, 0, 0, 5].item<byte>());
        Assert.Equal(CifarFiles.Pixel(50_007, 2048), splits.Test.Images[7, 2, 0, 0].item<byte>());
        Assert.Equal(7, splits.Test.Labels[7].item<long>());
        Assert.Equal("CIFAR-10 train", splits.Train.Name);
        Assert.Equal("airplane", splits.ClassNames[0]);
        Assert.False(splits.IsSynthetic);
    }

    [Fact]
    public void FromFolder_Cifar100_ChecksTheTrainAndTestSizes()
    {
        using var root = new TemporaryDirectory();
        CifarFiles.Write(root.Path,
        [
            ("train.bin", CifarFiles.Records(50_000, CifarLayout.Cifar100)),
            ("test.bin", CifarFiles.Records(9_999, CifarLayout.Cifar100)),
            ("fine_label_names.txt", System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 100).Select(i => $"class{i}")))),
        ]);

        var error = Assert.Throws<InvalidDataException>(() => Datasets.FromFolder("cifar100", root.Path));

        Assert.Contains("test.bin: expected 30,740,000 bytes (10,000 records of 3,074 bytes), found 30,736,926 (the file is truncated)", error.Message);
    }

    [Fact]
    public void Load_WithoutDownloading_ExplainsWhereToPutTheFiles()
    {
        using var root = new TemporaryDirectory();

        var error = Assert.Throws<DatasetUnavailableException>(() => Datasets.Load("cifar100", root.Path, download: false));

        Assert.Contains($"{root.File("cifar-100-binary")} does not exist and downloading was not allowed", error.Message);
        Assert.Contains(root.File("cifar-100-binary", "fine_label_names.txt"), error.Message);
        Assert.Contains(root.File("cifar-100-binary.tar.gz"), error.Message);
    }

    [Fact]
    public void Load_UnknownName_ListsTheNames()
    {
        var error = Assert.Throws<ArgumentException>(() => Datasets.Load("svhn"));

        Assert.Contains("Unknown dataset 'svhn'. Expected one of: cifar10, cifar100, mnist", error.Message);
    }

    [Fact]
    public void TheCatalog_IsWhereEveryListOfDatasetsComesFrom()
    {
        Assert.Equal(["cifar10", "cifar100", "mnist", "synthetic"], Datasets.Names);
        Assert.Equal(Datasets.All.Where(d => d.Source is not null).Select(d => d.Source!.Name), DatasetSource.All.Select(s => s.Name));
        Assert.Equal(Datasets.Names, DatasetStatus.InspectAll(new TemporaryDirectory().Path).Select(s => s.Name));
        Assert.Same(Datasets.Mnist, Datasets.Get(" MNIST "));
    }

    [Theory]
    [InlineData("cifar10")]
    [InlineData("cifar100")]
    [InlineData("mnist")]
    [InlineData("synthetic")]
    public void EachDataset_NamesTheNiNConfigurationForItsImages(string name)
    {
        var dataset = Datasets.Get(name);
        var network = dataset.Model.Network!;

        Assert.Equal(dataset.IsCifarFormat ? (3, 32) : (1, 28), (network.InputChannels, network.ImageSize));
        Assert.Equal(name == "cifar100" ? 100 : 10, network.NumClasses);
    }
}
