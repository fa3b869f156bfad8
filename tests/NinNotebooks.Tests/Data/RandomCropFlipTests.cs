using NinNotebooks.Data;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Data;

public class RandomCropFlipTests
{
    private static Tensor Batch(int n) => randint(0, 256, [n, 3, 32, 32], dtype: ScalarType.Byte, generator: new Generator(7));

    [Fact]
    public void NoPaddingNoFlip_IsTheIdentity()
    {
        using var scope = NewDisposeScope();
        using var augment = new RandomCropFlip(padding: 0, flip: false);
        var batch = Batch(4);

        Assert.True(augment.Apply(batch).eq(batch).all().item<bool>());
    }

    [Fact]
    public void EveryImage_IsACropOfItsPaddedSelf_MaybeMirrored_ChosenPerImage()
    {
        using var scope = NewDisposeScope();
        using var augment = new RandomCropFlip(seed: 3);
        var batch = Batch(24);

        var output = augment.Apply(batch);

        Assert.Equal(batch.shape, output.shape);
        Assert.Equal(ScalarType.Byte, output.dtype);
        var padded = nn.functional.pad(batch, [4, 4, 4, 4]);
        var choices = new HashSet<(int Top, int Left, bool Mirrored)>();
        for (var i = 0; i < 24; i++)
        {
            var match = Candidates().Where(c =>
            {
                var crop = padded[i].narrow(1, c.Top, 32).narrow(2, c.Left, 32);
                return (c.Mirrored ? crop.flip(2) : crop).eq(output[i]).all().item<bool>();
            }).ToList();
            Assert.NotEmpty(match);
            choices.Add(match[0]);
        }

        Assert.True(choices.Count > 12, $"only {choices.Count} distinct crops among 24 images: not decided per image");
        Assert.Contains(choices, c => c.Mirrored);
        Assert.Contains(choices, c => !c.Mirrored);
    }

    [Fact]
    public void SameSeedAndEpoch_GiveTheSameAugmentation_OtherEpochsDiffer()
    {
        using var scope = NewDisposeScope();
        using var first = new RandomCropFlip(seed: 9);
        using var second = new RandomCropFlip(seed: 9);
        var batch = Batch(16);

        first.Reseed(2);
        second.Reseed(5);
        var other = second.Apply(batch);
        second.Reseed(2);

        var a = first.Apply(batch);
        var b = second.Apply(batch);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(other).all().item<bool>());
    }

    [Fact]
    public void FloatBatches_AreAugmentedToo()
    {
        using var scope = NewDisposeScope();
        using var augment = new RandomCropFlip(padding: 0, flip: true, seed: 1);
        var batch = rand(64, 3, 8, 8);

        var output = augment.Apply(batch);

        var flipped = Enumerable.Range(0, 64).Count(i => output[i].eq(batch[i].flip(2)).all().item<bool>());
        var same = Enumerable.Range(0, 64).Count(i => output[i].eq(batch[i]).all().item<bool>());
        Assert.Equal(64, flipped + same);
        Assert.InRange(flipped, 16, 48);
    }

    [Fact]
    public void NotABatch_IsAClearError()
    {
        using var scope = NewDisposeScope();
        using var augment = new RandomCropFlip();

        var error = Assert.Throws<ArgumentException>(() => augment.Apply(zeros(3, 32, 32)));

        Assert.Contains("Expected a batch N×C×H×W, got [3, 32, 32]", error.Message);
    }

    private static readonly bool[] Mirroring = [false, true];

    private static IEnumerable<(int Top, int Left, bool Mirrored)> Candidates() =>
        from top in Enumerable.Range(0, 9) from left in Enumerable.Range(0, 9) from mirrored in Mirroring select (top, left, mirrored);
}
