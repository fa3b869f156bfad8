using NinNotebooks.Analysis;
using NinNotebooks.Data;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class PointingGameTests
{
    // Two 32×32 images: the first object's box covers columns 0-7 and rows 0-7 (1/16 of the image), the second's
    // columns 16-31 and rows 16-31 (1/4).
    private static Tensor Boxes() => tensor(new long[] { 0, 0, 7, 7, 16, 16, 31, 31 }).reshape(2, 4);

    [Fact]
    public void PeaksOnTheObjects_AllHit_AndChanceIsTheBoxesShare()
    {
        using var maps = zeros(2, 8, 8);
        maps[0, 0, 1] = 1;   // cell (0, 1): image point (6, 2), inside the first box
        maps[1, 7, 7] = 1;   // cell (7, 7): image point (30, 30), inside the second
        using var boxes = Boxes();

        var game = PointingGame.ForClassMaps(maps, boxes, 32);

        Assert.Equal(1.0, game.HitRate);
        Assert.Equal(((1.0 / 16) + (1.0 / 4)) / 2, game.Chance, 12);
        Assert.Equal(2, game.Count);
        Assert.Equal(0.5, game.CentreRate);     // (16, 16) is on the second box's edge, outside the first
        Assert.Equal("pointing game: 100.00 % of test images (chance 15.63 %)\nalways pointing at the centre: 50.00 %", game.ToString());
    }

    [Fact]
    public void APeakBesideTheObject_Misses()
    {
        using var maps = zeros(2, 8, 8);
        maps[0, 0, 2] = 1;   // image point (10, 2): right of the first box (columns 0-7)
        maps[1, 7, 7] = 1;
        using var boxes = Boxes();

        Assert.Equal(0.5, PointingGame.ForClassMaps(maps, boxes, 32).HitRate);
    }

    [Fact]
    public void OcclusionMaps_CountTheirMinimumAtTheSquaresCentre()
    {
        using var maps = ones(2, 13, 13);
        maps[0, 0, 0] = 0;     // square over pixels 0-7: centre (4, 4), inside the first box
        maps[1, 0, 12] = 0;    // square over columns 24-31, rows 0-7: centre (28, 4), above the second box
        using var boxes = Boxes();

        var game = PointingGame.ForOcclusion(maps, boxes, 32);

        Assert.Equal(0.5, game.HitRate);
        Assert.Equal(game.HitRate / game.Chance, game.TimesChance, 12);
    }

    [Fact]
    public void SyntheticBoxes_HoldEveryObjectPixel()
    {
        var (images, labels, boxes) = SyntheticCifar.GenerateWithBoxes(20, seed: 3);
        using (images)
        using (labels)
        using (boxes)
        {
            var (again, _) = SyntheticCifar.Generate(20, seed: 3);
            using (again)
            {
                Assert.True(again.equal(images).all().item<bool>(), "the boxes come with the very same images");
            }

            var b = boxes.data<long>().ToArray();
            for (var n = 0; n < 20; n++)
            {
                Assert.InRange(b[4 * n], 0, b[(4 * n) + 2]);
                Assert.InRange(b[(4 * n) + 1], 0, b[(4 * n) + 3]);
                Assert.InRange(b[(4 * n) + 2] - b[4 * n] + 1, 3, 24);       // objects are 5 to 9 px in radius, the pillar 0.35 of it each side
            }
        }
    }

    [Fact]
    public void SyntheticTestSplit_LoadsWithItsBoxes_AndSubsetsKeepThem()
    {
        using var dir = new TemporaryDirectory();
        SyntheticCifar.Write(dir.File("synthetic-cifar10"), 50, 40, seed: 5);

        using var data = Datasets.Load("synthetic", dir.Path, download: false);
        using var part = data.Test.Subset(10, seed: 2);

        Assert.Null(data.Train.Boxes);
        Assert.Equal(new long[] { 40, 4 }, data.Test.Boxes!.shape);
        var (_, _, expected) = SyntheticCifar.GenerateWithBoxes(40, 5 + SyntheticCifar.TestSeedOffset);
        using (expected)
        {
            Assert.True(expected.equal(data.Test.Boxes).all().item<bool>());
        }

        Assert.Equal(new long[] { 10, 4 }, part.Boxes!.shape);
    }
}
