using NinNotebooks.Analysis;
using NinNotebooks.Modules;

namespace NinNotebooks.Tests.Modules;

public class ModelCatalogTests
{
    public static TheoryData<string> Names => [.. ModelCatalog.All.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryEntry_BuildsAndRunsOnItsInputShape(string name)
    {
        var entry = ModelCatalog.Get(name);
        using var model = entry.Create();

        var summary = ModelSummary.Create(model, entry.InputShape, name: name);

        // Every parameter is in exactly one row: none missed, none counted twice.
        Assert.Equal(summary.TotalParameters, summary.Rows.Sum(r => r.Parameters));
        Assert.Equal(entry.InputShape[0], summary.OutputShape[0]);
        if (entry.NumClasses is { } classes)
        {
            Assert.Equal(new long[] { entry.InputShape[0], classes }, summary.OutputShape);   // one score per class
        }
        else
        {
            Assert.Equal(4, summary.OutputShape.Count);   // a block's output is feature maps
        }

        if (entry.Network is { } network)
        {
            Assert.Equal(new long[] { 1, network.InputChannels, network.ImageSize, network.ImageSize }, entry.InputShape);
            Assert.Equal(network, ((NiN)model).Config);
            Assert.Equal(entry.Head, ((NiN)model).Head);
        }
    }

    [Theory]
    [InlineData("nin-cifar10")]
    [InlineData("nin-cifar10-fc")]
    [InlineData("nin-cifar100")]
    [InlineData("nin-mnist")]
    public void NiNEntries_BuildWithAndWithoutBatchNorm(string name)
    {
        var entry = ModelCatalog.Get(name);
        using var plain = entry.Build(batchNorm: false);
        using var normalised = entry.Build(batchNorm: true);

        Assert.DoesNotContain(plain.modules(), m => m is TorchSharp.Modules.BatchNorm2d);
        Assert.Equal(9, normalised.modules().Count(m => m is TorchSharp.Modules.BatchNorm2d));   // one per convolution
        Assert.Equal(((NiN)plain).Config, ((NiN)normalised).Config);
    }

    [Fact]
    public void AModelWithoutABatchNormVariant_SaysSoNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelCatalog.Get("googlenet").Build(batchNorm: true));

        Assert.StartsWith("BatchNorm: the model googlenet has no variant with batch normalisation", error.Message, StringComparison.Ordinal);
        using var plain = ModelCatalog.Get("googlenet").Build(batchNorm: false);
    }

    [Fact]
    public void Names_AreUniqueAndCaseInsensitive()
    {
        Assert.Equal(ModelCatalog.All.Count, ModelCatalog.All.Select(e => e.Name).Distinct().Count());
        Assert.Same(ModelCatalog.Get("nin-cifar10"), ModelCatalog.Get(" NiN-CIFAR10 "));
    }

    [Fact]
    public void UnknownName_ListsEveryAcceptedName()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelCatalog.Get("resnet50"));

        Assert.Contains("Unknown model 'resnet50'", error.Message);
        Assert.All(ModelCatalog.All, e => Assert.Contains(e.Name, error.Message));
    }
}
