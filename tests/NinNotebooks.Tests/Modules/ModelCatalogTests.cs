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

        Assert.Equal(entry.InputShape[0], summary.OutputShape[0]);
        Assert.Equal(model.CountParameters(), summary.TotalParameters);
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
