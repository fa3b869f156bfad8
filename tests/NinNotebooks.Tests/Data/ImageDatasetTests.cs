using NinNotebooks.Data;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Data;

public class ImageDatasetTests
{
    private static ImageDataset Make(int n) => new("demo train", arange(n, dtype: ScalarType.Int64).to(ScalarType.Byte).view(n, 1, 1, 1).expand(n, 3, 2, 2).contiguous(), arange(n, dtype: ScalarType.Int64), ["x", "y"], isSynthetic: false);

    [Fact]
    public void Subset_IsRandomButRepeatable_AndKeepsImagesWithTheirLabels()
    {
        using var data = Make(50);

        using var a = data.Subset(10, seed: 1);
        using var b = data.Subset(10, seed: 1);
        using var c = data.Subset(10, seed: 2);

        Assert.Equal(10, a.Count);
        Assert.Equal(a.Labels.data<long>().ToArray(), b.Labels.data<long>().ToArray());
        Assert.NotEqual(a.Labels.data<long>().ToArray(), c.Labels.data<long>().ToArray());
        Assert.True(a.Images[.., 0, 0, 0].to(ScalarType.Int64).eq(a.Labels).all().item<bool>());
        Assert.Equal("demo train (subset of 10)", a.Name);
        Assert.Equal(50, data.Count);
    }

    [Fact]
    public void Subset_LargerThanTheDataset_TakesEverything()
    {
        using var data = Make(5);
        using var all = data.Subset(100);

        Assert.Equal(5, all.Count);
        Assert.Equal("demo train", all.Name);
    }

    [Fact]
    public void ToString_DescribesTheSplit()
    {
        using var data = Make(1234);

        Assert.Equal("demo train: 1,234 images 3×2×2, 2 classes", data.ToString());
    }

    [Fact]
    public void MismatchedLabels_AreAClearError()
    {
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ArgumentException>(() => new ImageDataset("bad", zeros(4, 3, 2, 2), zeros(3, dtype: ScalarType.Int64), ["a"], false));

        Assert.Contains("bad: expected images N×C×H×W and labels N, got [4, 3, 2, 2] and [3]", error.Message);
    }
}
