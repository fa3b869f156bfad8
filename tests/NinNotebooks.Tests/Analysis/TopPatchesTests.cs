using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using NinNotebooks.Training;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class TopPatchesTests
{
    /// <summary>A random small NiN on 3×16×16 images (<see cref="ReceptiveFieldTests.Tiny"/>).</summary>
    private static NiN Model(int seed = 1)
    {
        manual_seed(seed);
        return new NiN(ReceptiveFieldTests.Tiny(NinPool.Max));
    }

    private static (Tensor Prepared, Tensor Raw) Images(int count, int seed = 2)
    {
        manual_seed(seed);
        var raw = randint(0, 256, [count, 3, 16, 16]).to(ScalarType.Byte);
        return (raw.to(ScalarType.Float32) / 64 - 2, raw);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Find_GivesTheHighestActivations_OnePerImage_StrongestFirst(int stage)
    {
        using var model = Model();
        var (prepared, raw) = Images(20);
        using var _ = prepared;
        using var __ = raw;
        const int channel = 3;

        var patches = TopPatches.Find(model, prepared, raw, stage, channel, count: 9, batchSize: 7);

        // brute force: the whole set at once, each image's maximum over positions
        model.eval();
        using var maps = model.ForwardStages(prepared)[stage].select(1, channel);   // 20 x h x w
        var perImage = maps.flatten(1).amax([1L]).data<float>().ToArray();
        var expected = Enumerable.Range(0, 20).OrderByDescending(i => perImage[i]).Take(9).ToArray();
        Assert.Equal(expected.Select(i => (long)i), patches.Select(p => p.ImageIndex));
        Assert.Equal(9, patches.Select(p => p.ImageIndex).Distinct().Count());
        foreach (var patch in patches)
        {
            Assert.Equal(maps[patch.ImageIndex, patch.Y, patch.X].item<float>(), patch.Activation, 4);
            Assert.Equal(perImage[patch.ImageIndex], patch.Activation, 4);
        }
    }

    [Fact]
    public void Find_CutsEachPatchFromTheRawImage_AtThePositionsReceptiveField()
    {
        using var model = Model();
        var (prepared, raw) = Images(12);
        using var _ = prepared;
        using var __ = raw;
        var field = ReceptiveField.Of(model.Config, 1);

        var patches = TopPatches.Find(model, prepared, raw, stage: 1, channel: 0, count: 4);

        foreach (var patch in patches)
        {
            Assert.Equal([3L, field.Size, field.Size], patch.Patch.shape);
            Assert.Equal(ScalarType.Byte, patch.Patch.dtype);
            using var image = raw[patch.ImageIndex];
            using var expected = TopPatches.Crop(image, field, patch.Y, patch.X);
            Assert.True(patch.Patch.eq(expected).all().item<bool>());
        }

        using var stacked = TopPatches.Stack(patches);
        Assert.Equal([4L, 3, field.Size, field.Size], stacked.shape);
        Assert.Equal(ScalarType.Byte, stacked.dtype);
    }

    [Fact]
    public void Find_WithAPrepareFunction_GivesTheSameAnswer_AndLeavesTheModelTraining()
    {
        using var model = Model();
        model.train();
        var (prepared, raw) = Images(10);
        using var _ = prepared;
        using var __ = raw;

        var direct = TopPatches.Find(model, prepared, raw, stage: 2, channel: 5, count: 3, batchSize: 4);
        var viaPrepare = TopPatches.Find(model, r => r.to(ScalarType.Float32) / 64 - 2, raw, stage: 2, channel: 5, count: 3, batchSize: 3);

        Assert.True(model.training);
        Assert.Equal(direct.Select(p => (p.ImageIndex, p.Y, p.X)), viaPrepare.Select(p => (p.ImageIndex, p.Y, p.X)));
    }

    [Fact]
    public void AComputePath_RunsTheForwardPasses_InBFloat16()
    {
        using var model = Model();
        var (prepared, raw) = Images(10);
        using var _ = prepared;
        using var __ = raw;

        var fast = TopPatches.Find(model, prepared, raw, stage: 1, channel: 2, count: 5, path: ComputePath.Resolve(CPU, Precision.BFloat16));

        model.eval();
        using var maps = model.ForwardStages(prepared)[1].select(1, 2);   // float32
        var differences = fast.Select(p => Math.Abs(p.Activation - maps[p.ImageIndex, p.Y, p.X].item<float>())).ToList();
        var scale = maps.abs().max().item<float>();
        Assert.Contains(differences, d => d > 1e-6);                      // bfloat16's rounding shows
        Assert.All(differences, d => Assert.InRange(d, 0, 0.03 * scale)); // and they are the same activations
        Assert.Equal(5, fast.Select(p => p.ImageIndex).Distinct().Count());
    }

    [Fact]
    public void Crop_PadsWithZerosPastTheBorder()
    {
        using var image = arange(2 * 8 * 8).reshape(2, 8, 8).to(ScalarType.Int32);
        var field = new ReceptiveField(5, 1, -2);

        using var corner = TopPatches.Crop(image, field, 0, 0);           // rows and columns -2..2
        Assert.Equal([2L, 5, 5], corner.shape);
        Assert.Equal(0, corner[.., ..2, ..].abs().sum().item<long>());
        Assert.Equal(0, corner[.., .., ..2].abs().sum().item<long>());
        Assert.True(corner[.., 2.., 2..].eq(image[.., ..3, ..3]).all().item<bool>());

        using var middle = TopPatches.Crop(image, field, 4, 3);           // rows 2..6, columns 1..5
        Assert.True(middle.eq(image[.., 2..7, 1..6]).all().item<bool>());

        using var far = TopPatches.Crop(image, new ReceptiveField(15, 2, -6), 7, 7);   // rows 8..22: all outside
        Assert.Equal(0, far.abs().sum().item<long>());
    }

    [Fact]
    public void StrongestChannels_AreTheChannelsWithTheHighestMaximum()
    {
        using var model = Model();
        var (prepared, raw) = Images(9);
        using var _ = prepared;
        using var __ = raw;

        var channels = TopPatches.StrongestChannels(model, prepared, stage: 1, count: 3, batchSize: 4);

        model.eval();
        using var maps = model.ForwardStages(prepared)[1];
        var peaks = maps.amax([0L, 2L, 3L]).data<float>().ToArray();
        Assert.Equal(Enumerable.Range(0, peaks.Length).OrderByDescending(c => peaks[c]).Take(3), channels);
    }

    [Fact]
    public void Find_RejectsImagesThatDoNotMatch()
    {
        using var model = Model();
        var (prepared, raw) = Images(6);
        using var _ = prepared;
        using var __ = raw;
        using var fewer = raw[..5];
        Assert.Throws<ArgumentException>(() => TopPatches.Find(model, prepared, fewer, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TopPatches.Find(model, prepared, raw, 0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => TopPatches.Find(model, prepared, raw, 3, 0));
    }
}
