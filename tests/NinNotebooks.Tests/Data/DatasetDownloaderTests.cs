using NinNotebooks.Data;
using NinNotebooks.Tests.Progress;

namespace NinNotebooks.Tests.Data;

public class DatasetDownloaderTests
{
    private static readonly Lazy<byte[]> Cifar10Archive = new(() => CifarFiles.TarGz("cifar-10-batches-bin", CifarFiles.Cifar10Folder()));

    /// <summary>CIFAR-10 as published, except that the checksum and size are those of <paramref name="archive"/>.</summary>
    private static DatasetSource Cifar10Serving(byte[] archive) => DatasetSource.Cifar10 with
    {
        Downloads = [DatasetSource.Cifar10.Downloads[0] with { Md5 = CifarFiles.Md5(archive), Size = archive.Length }],
    };

    private static Uri Cifar10Url => DatasetSource.Cifar10.Downloads[0].Url;

    [Fact]
    public void Ensure_DownloadsVerifiesAndUnpacks_ThenNeverDownloadsAgain()
    {
        using var root = new TemporaryDirectory();
        var archive = Cifar10Archive.Value;
        using var server = new FakeServer().Serve(Cifar10Url, archive);
        using var downloader = new DatasetDownloader(server);
        var recorder = new ProgressRecorder();

        var folder = downloader.Ensure(Cifar10Serving(archive), root.Path, recorder);
        var again = downloader.Ensure(Cifar10Serving(archive), root.Path);

        Assert.Equal(root.File("cifar-10-batches-bin"), folder);
        Assert.Equal(folder, again);
        Assert.Equal(1, server.Requests);
        Assert.Equal(DatasetState.Verified, DatasetStatus.Inspect("cifar10", folder, Cifar10Serving(archive).Downloads).State);
        Assert.Equal(archive.Length, recorder.Reports[^1].Done);
        Assert.True(recorder.Reports[^1].IsComplete);
        Assert.Equal(["cifar-10-batches-bin", "cifar-10-binary.tar.gz"], Entries(root.Path));
        using var splits = Datasets.FromFolder("cifar10", folder);
        Assert.Equal(50_000, splits.Train.Count);
        Assert.Equal("truck", splits.ClassNames[9]);
    }

    [Fact]
    public void Ensure_ArchivePutThereByHand_IsCheckedAndUnpackedWithoutDownloading()
    {
        using var root = new TemporaryDirectory();
        var archive = Cifar10Archive.Value;
        File.WriteAllBytes(root.File("cifar-10-binary.tar.gz"), archive);
        using var server = new FakeServer();
        using var downloader = new DatasetDownloader(server);

        var folder = downloader.Ensure(Cifar10Serving(archive), root.Path);

        Assert.Equal(0, server.Requests);
        Assert.True(File.Exists(Path.Combine(folder, "test_batch.bin")));
    }

    [Fact]
    public void Ensure_ChecksumMismatch_LeavesNothingBehind()
    {
        using var root = new TemporaryDirectory();
        var archive = CifarFiles.TarGz("cifar-10-batches-bin", [("batches.meta.txt", "a\n"u8.ToArray())]);
        using var server = new FakeServer().Serve(Cifar10Url, archive);
        using var downloader = new DatasetDownloader(server);

        var error = Assert.Throws<InvalidDataException>(() => downloader.Ensure(DatasetSource.Cifar10, root.Path));

        Assert.Contains($"MD5 {CifarFiles.Md5(archive)}, expected", error.Message);
        Assert.Contains("c32a1d4ab5d03f1284b67883e8d87530", error.Message);
        Assert.Empty(Entries(root.Path));
    }

    public static TheoryData<string, byte[]> CorruptArchives => new()
    {
        { "not gzip at all", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))] },
        { "gzip, but not a tar", CifarFiles.Gzip([.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 17))]) },
        { "gzip cut short", CifarFiles.TarGz("cifar-10-batches-bin", [("data_batch_1.bin", CifarFiles.Records(200, CifarLayout.Cifar10))])[..3000] },
    };

    [Theory]
    [MemberData(nameof(CorruptArchives))]
    public void Ensure_CorruptArchive_SaysSoAndLeavesNoDatasetFolder(string what, byte[] archive)
    {
        using var root = new TemporaryDirectory();
        using var server = new FakeServer().Serve(Cifar10Url, archive);
        using var downloader = new DatasetDownloader(server);

        var error = Assert.Throws<InvalidDataException>(() => downloader.Ensure(Cifar10Serving(archive), root.Path));

        Assert.Contains("cifar-10-binary.tar.gz: not a valid .tar.gz archive", error.Message);
        Assert.Equal(["cifar-10-binary.tar.gz"], Entries(root.Path));
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void Ensure_ArchiveWithATruncatedBatch_NamesTheFileAndLeavesNoDatasetFolder()
    {
        using var root = new TemporaryDirectory();
        var files = CifarFiles.Cifar10Folder().Select(f => f.Name == "data_batch_3.bin" ? (f.Name, f.Data[..^100]) : f);
        var archive = CifarFiles.TarGz("cifar-10-batches-bin", files);
        using var server = new FakeServer().Serve(Cifar10Url, archive);
        using var downloader = new DatasetDownloader(server);

        var error = Assert.Throws<InvalidDataException>(() => downloader.Ensure(Cifar10Serving(archive), root.Path));

        Assert.Contains("data_batch_3.bin: expected 30,730,000 bytes", error.Message);
        Assert.Equal(["cifar-10-binary.tar.gz"], Entries(root.Path));
    }

    [Fact]
    public void Ensure_Offline_ExplainsTheManualInstallWithExactNames()
    {
        using var root = new TemporaryDirectory();
        using var server = new FakeServer();
        using var downloader = new DatasetDownloader(server);

        var error = Assert.Throws<DatasetUnavailableException>(() => downloader.Ensure(DatasetSource.Cifar10, root.Path));

        Assert.Contains("Could not download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", error.Message);
        Assert.Contains(root.File("cifar-10-binary.tar.gz"), error.Message);
        foreach (var name in DatasetSource.Cifar10.ExpectedFiles)
        {
            Assert.Contains(root.File("cifar-10-batches-bin", name), error.Message);
        }

        Assert.Empty(Entries(root.Path));
    }

    [Fact]
    public void Ensure_MnistGzipFiles_AreEachCheckedAndDecompressed()
    {
        using var root = new TemporaryDirectory();
        var pixels = new byte[60_000 * 784];
        pixels.AsSpan().Fill(7);
        var raw = new Dictionary<string, byte[]>
        {
            ["train-images-idx3-ubyte.gz"] = CifarFiles.Gzip(CifarFiles.Idx([60_000, 28, 28], pixels)),
            ["train-labels-idx1-ubyte.gz"] = CifarFiles.Gzip(CifarFiles.Idx([60_000], [.. Enumerable.Range(0, 60_000).Select(i => (byte)(i % 10))])),
            ["t10k-images-idx3-ubyte.gz"] = CifarFiles.Gzip(CifarFiles.Idx([10_000, 28, 28], pixels[..(10_000 * 784)])),
            ["t10k-labels-idx1-ubyte.gz"] = CifarFiles.Gzip(CifarFiles.Idx([10_000], [.. Enumerable.Range(0, 10_000).Select(i => (byte)(9 - (i % 10)))])),
        };
        using var server = new FakeServer();
        var source = DatasetSource.Mnist with
        {
            Downloads = [.. DatasetSource.Mnist.Downloads.Select(d => d with { Md5 = CifarFiles.Md5(raw[d.FileName]), Size = raw[d.FileName].Length })],
        };
        foreach (var d in source.Downloads)
        {
            server.Serve(d.Url, raw[d.FileName]);
        }

        using var downloader = new DatasetDownloader(server);
        var folder = downloader.Ensure(source, root.Path);
        using var splits = Datasets.FromFolder("mnist", folder);

        Assert.Equal(4, server.Requests);
        Assert.Equal([60_000L, 1, 28, 28], splits.Train.Images.shape);
        Assert.Equal([10_000L, 1, 28, 28], splits.Test.Images.shape);
        Assert.Equal(9, splits.Test.Labels[0].item<long>());
        Assert.Equal(7, splits.Train.Images.max().item<byte>());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Ensure_ReadOnlyDataFolder_SaysItCannotBeWritten()
    {
        using var root = new TemporaryDirectory();
        var locked = root.File("locked");
        Directory.CreateDirectory(locked);
        using var server = new FakeServer().Serve(Cifar10Url, Cifar10Archive.Value);
        using var downloader = new DatasetDownloader(server);
        using (ReadOnlyFolder.Lock(locked))
        {
            var error = Assert.Throws<IOException>(() => downloader.Ensure(Cifar10Serving(Cifar10Archive.Value), locked));

            Assert.Equal($"The data folder {locked} is not writable; choose another data folder, or set ${DataRoot.EnvironmentVariable}.", error.Message);
            Assert.Equal(0, server.Requests);
        }

        Assert.Empty(Entries(locked));
    }

    [Fact]
    public void Ensure_ExistingInvalidFolder_IsReportedNotOverwritten()
    {
        using var root = new TemporaryDirectory();
        CifarFiles.Write(root.File("cifar-10-batches-bin"), [("batches.meta.txt", "a\n"u8.ToArray())]);
        using var server = new FakeServer();
        using var downloader = new DatasetDownloader(server);

        var error = Assert.Throws<InvalidDataException>(() => downloader.Ensure(DatasetSource.Cifar10, root.Path));

        Assert.Contains($"{root.File("cifar-10-batches-bin")} is there but is not a valid cifar10 folder", error.Message);
        Assert.Contains("Delete the folder", error.Message);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public void Md5Of_MatchesThePublishedDigestOfKnownBytes()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllText(dir.File("abc"), "abc");

        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", DatasetDownloader.Md5Of(dir.File("abc")));
    }

    private static string[] Entries(string dir) =>
        [.. Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
