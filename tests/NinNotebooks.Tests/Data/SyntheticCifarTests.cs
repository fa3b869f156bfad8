using NinNotebooks.Data;
using NinNotebooks.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Data;

public class SyntheticCifarTests
{
    [Fact]
    public void Generate_IsDeterministicBalancedAndCifarShaped()
    {
        var (images, labels) = SyntheticCifar.Generate(200, seed: 3);
        var (again, againLabels) = SyntheticCifar.Generate(200, seed: 3);
        var (other, _) = SyntheticCifar.Generate(200, seed: 4);
        using var d = NewDisposeScope();

        Assert.Equal([200L, 3, 32, 32], images.shape);
        Assert.Equal(ScalarType.Byte, images.dtype);
        Assert.True(images.eq(again).all().item<bool>());
        Assert.True(labels.eq(againLabels).all().item<bool>());
        Assert.False(images.eq(other).all().item<bool>());
        Assert.Equal(Enumerable.Repeat(20L, 10), bincount(labels).data<long>().ToArray());
        Assert.False(labels.narrow(0, 0, 10).eq(arange(10)).all().item<bool>());
    }

    [Fact]
    public void Generate_ClassesAreTellableApart_EvenByTheirAverageImage()
    {
        var (images, labels) = SyntheticCifar.Generate(1000, seed: 1);
        var (test, testLabels) = SyntheticCifar.Generate(500, seed: 2);
        using var d = NewDisposeScope();
        var x = images.to(ScalarType.Float32).reshape(1000, -1) / 255;

        // Nearest class-average image: a crude classifier that only works if classes differ in colour and shape.
        var centroids = stack([.. Enumerable.Range(0, 10).Select(k => x.index_select(0, nonzero(labels == k).squeeze(1)).mean([0]))]);
        var predicted = cdist(test.to(ScalarType.Float32).reshape(500, -1) / 255, centroids).argmin(1);
        var accuracy = predicted.eq(testLabels).to(ScalarType.Float32).mean().item<float>();

        // Objects move up to 9 px, so a class's average image is a blurred blob of its colour: well above chance, far
        // from what a convolutional network gets (SyntheticCifarTests.ASmallNiN_LearnsItWellAboveChance_InTwoCpuEpochs).
        Assert.True(accuracy > 0.2f, $"nearest class average: {accuracy:P1}; chance is 10%");
    }

    [Fact]
    public void Write_ThenLoad_GivesTheGeneratedImages_LabelledSynthetic()
    {
        using var root = new TemporaryDirectory();
        SyntheticCifar.Write(root.File("s"), trainCount: 123, testCount: 20, seed: 5);
        var (expected, expectedLabels) = SyntheticCifar.Generate(123, seed: 5);
        using var d = NewDisposeScope();

        using var splits = Datasets.FromFolder("synthetic", root.File("s"));

        Assert.True(splits.Train.Images.eq(expected).all().item<bool>());
        Assert.True(splits.Train.Labels.eq(expectedLabels).all().item<bool>());
        Assert.Equal(20, splits.Test.Count);
        Assert.False(splits.Test.Images.eq(expected.narrow(0, 0, 20)).all().item<bool>());
        Assert.Equal(SyntheticCifar.ClassNames, splits.ClassNames);
        Assert.True(splits.IsSynthetic);
        Assert.Contains("synthetic", splits.Train.Name, StringComparison.Ordinal);
        Assert.StartsWith("SYNTHETIC", splits.ToString(), StringComparison.Ordinal);
        Assert.Equal([25, 25, 25, 24, 24], Enumerable.Range(1, 5).Select(i => (int)(new FileInfo(root.File("s", $"data_batch_{i}.bin")).Length / 3073)));
        Assert.Contains("SYNTHETIC", File.ReadAllText(root.File("s", "README.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_IntoAFolderThatHasFiles_RefusesAndChangesNothing()
    {
        using var root = new TemporaryDirectory();
        File.WriteAllText(root.File("keep.txt"), "mine");

        var error = Assert.Throws<IOException>(() => SyntheticCifar.Write(root.Path, 100, 20));

        Assert.Contains("already exists and is not empty", error.Message);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(root.Path).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateDirectories(Path.GetDirectoryName(root.Path)!, $".{Path.GetFileName(root.Path)}.*"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_LosingARaceToAnotherWriter_SaysSo_KeepsTheOthersFiles_AndLeavesNothingOfItsOwn(bool emptyFolderAtStart)
    {
        using var root = new TemporaryDirectory();
        var target = root.File("s");
        if (emptyFolderAtStart)
        {
            Directory.CreateDirectory(target);
        }

        // The other writer finishes after this one has checked the folder and before it puts its own files in place.
        var error = Assert.Throws<IOException>(() => SyntheticCifar.Write(target, 20, 10, 0, SyntheticCifar.GeneratorVersion,
            beforePublish: () =>
            {
                if (emptyFolderAtStart)
                {
                    Directory.Delete(target);
                }

                SyntheticCifar.Write(target, 30, 10, seed: 1);
            }));

        Assert.Equal($"{target}: another process wrote there while this one was writing its data set; what it wrote is kept, and nothing of this one is left behind.", error.Message);
        Assert.Equal(30, SyntheticCifar.ReadMarker(target).TrainCount);
        Assert.Equal(["s"], Directory.EnumerateFileSystemEntries(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_ThroughALinkThatLoops_NamesTheLink()
    {
        using var root = new TemporaryDirectory();
        var loop = root.File("loop");
        File.CreateSymbolicLink(loop, loop);

        var itself = Assert.Throws<IOException>(() => SyntheticCifar.Write(loop, 20, 10));
        var beyond = Assert.Throws<IOException>(() => SyntheticCifar.Write(Path.Combine(loop, "s"), 20, 10));

        Assert.Equal($"{loop} is a symbolic link that loops (following it never reaches a folder); choose another folder.", itself.Message);
        Assert.Equal($"Cannot write {Path.Combine(loop, "s")}: {loop} is a symbolic link that loops; choose another folder.", beyond.Message);
        Assert.Equal(["loop"], Directory.EnumerateFileSystemEntries(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Write_IntoAReadOnlyFolder_SaysTheFolderIsNotWritable()
    {
        using var root = new TemporaryDirectory();
        var locked = root.File("locked");
        Directory.CreateDirectory(locked);
        using (ReadOnlyFolder.Lock(locked))
        {
            var error = Assert.Throws<IOException>(() => SyntheticCifar.Write(Path.Combine(locked, "s"), 20, 10));
            var deeper = Assert.Throws<IOException>(() => SyntheticCifar.Write(Path.Combine(locked, "a", "s"), 20, 10));

            Assert.Equal($"Cannot write {Path.Combine(locked, "s")}: the folder {locked} is not writable; choose a folder you can write to.", error.Message);
            Assert.Equal($"Cannot write {Path.Combine(locked, "a", "s")}: the folder {Path.Combine(locked, "a")} cannot be created, as {locked} is not writable; choose a folder you can write to.", deeper.Message);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(locked));
    }

    [Fact]
    public void Load_Synthetic_MakesTheFolderOnFirstUse()
    {
        using var root = new TemporaryDirectory();

        using (var splits = Datasets.Load("synthetic", root.Path))
        {
            Assert.Equal(Datasets.DefaultSyntheticTrainCount, splits.Train.Count);
        }

        Assert.True(File.Exists(root.File(Datasets.SyntheticDirectoryName, SyntheticCifar.MarkerFile)));
    }

    [Fact]
    public void Objects_AreSpreadOverTheImage_SoTheCentreIsNoGoodGuess()
    {
        var (images, labels, boxes) = SyntheticCifar.GenerateWithBoxes(1000, seed: 7);
        using (images)
        using (labels)
        using (boxes)
        {
            var b = boxes.data<long>().ToArray();
            var centres = Enumerable.Range(0, 1000).Select(n => (X: (b[4 * n] + b[(4 * n) + 2] + 1) / 2.0, Y: (b[(4 * n) + 1] + b[(4 * n) + 3] + 1) / 2.0)).ToList();
            var holdCentre = Enumerable.Range(0, 1000).Count(n => b[4 * n] <= 16 && b[(4 * n) + 2] + 1 >= 16 && b[(4 * n) + 1] <= 16 && b[(4 * n) + 3] + 1 >= 16) / 1000.0;

            Assert.True(centres.Max(c => Math.Max(Math.Abs(c.X - 16), Math.Abs(c.Y - 16))) >= 8, "some objects lie 8 or more pixels from the centre");
            Assert.InRange(holdCentre, 0.3, 0.75);   // version 1 drew objects within 5 px of it: about 95 % of boxes held the centre
        }
    }

    [Fact]
    public void AFolderFromBeforeGeneratorVersions_IsReadWithItsOwnRules_BoxesIncluded()
    {
        using var root = new TemporaryDirectory();
        SyntheticCifar.Write(root.File("s"), trainCount: 20, testCount: 30, seed: 5, version: 1);
        var marker = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(root.File("s", SyntheticCifar.MarkerFile)))!.AsObject();
        Assert.Equal(1, (int)marker["Generator"]!);
        marker.Remove("Generator");                                           // as such folders were written
        File.WriteAllText(root.File("s", SyntheticCifar.MarkerFile), marker.ToJsonString());
        var (_, _, old) = SyntheticCifar.GenerateWithBoxes(30, 5 + SyntheticCifar.TestSeedOffset, version: 1);
        var (_, _, current) = SyntheticCifar.GenerateWithBoxes(30, 5 + SyntheticCifar.TestSeedOffset);
        SyntheticCifar.Write(root.File("new"), 20, 10);

        using var splits = Datasets.FromFolder("synthetic", root.File("s"));

        Assert.True(splits.Test.Boxes!.equal(old).all().item<bool>());
        Assert.False(old.equal(current).all().item<bool>());
        Assert.Equal(SyntheticCifar.GeneratorVersion, SyntheticCifar.ReadMarker(root.File("new")).Generator);
    }

    [Fact]
    public void AMarkerFromAnUnknownGenerator_IsRefusedNamingTheFile()
    {
        using var root = new TemporaryDirectory();
        SyntheticCifar.Write(root.File("s"), 20, 10);
        var marker = root.File("s", SyntheticCifar.MarkerFile);
        File.WriteAllText(marker, File.ReadAllText(marker).Replace($"\"Generator\":{SyntheticCifar.GeneratorVersion}", "\"Generator\":7", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => Datasets.FromFolder("synthetic", root.File("s")));

        Assert.Equal($"{marker}: made by synthetic generator version 7; this library draws versions 1 to {SyntheticCifar.GeneratorVersion}.", error.Message);
    }

    [Fact]
    public void ReadMarker_FolderWithoutMarker_IsNotSynthetic()
    {
        using var root = new TemporaryDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => Datasets.FromFolder("synthetic", root.Path));

        Assert.Contains("is not a synthetic dataset folder", error.Message);
    }

    [Fact]
    public void ASmallNiN_LearnsItWellAboveChance_InTwoCpuEpochs()
    {
        random.manual_seed(0);
        var (trainImages, trainLabels) = SyntheticCifar.Generate(3000, seed: 11);
        var (testImages, testLabels) = SyntheticCifar.Generate(500, seed: 12);
        using var train = new ImageDataset("synthetic train", trainImages, trainLabels, SyntheticCifar.ClassNames, true);
        using var test = new ImageDataset("synthetic test", testImages, testLabels, SyntheticCifar.ClassNames, true);
        using var norm = ChannelNormalization.Fit(train.Images);
        var config = new NinConfig("nin-small", 3, 32, 10,
        [
            new(5, 2, [32, 24, 24], NinPool.Max),
            new(5, 2, [48, 48, 48], NinPool.Max),
            new(3, 1, [48, 48, 10]),
        ]);
        using var model = new NiN(config, init: WeightInit.Kaiming);
        using var optimizer = optim.Adam(model.parameters(), lr: 0.003);
        using var loader = new BatchLoader(train, 64, normalize: norm.Apply, seed: 1);

        for (var epoch = 0; epoch < 2; epoch++)
        {
            model.train();
            foreach (var batch in loader.Epoch(epoch))
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                nn.functional.cross_entropy(model.forward(batch.Images), batch.Labels).backward();
                optimizer.step();
            }
        }

        model.eval();
        using var noGrad = no_grad();
        using var s = NewDisposeScope();
        var accuracy = model.forward(norm.Apply(test.Images)).argmax(1).eq(test.Labels).to(ScalarType.Float32).mean().item<float>();
        Assert.True(accuracy > 0.6f, $"test accuracy {accuracy:P1} after 2 epochs; chance is 10%");
    }
}
