using NinNotebooks.Modules;

namespace NinNotebooks.Tests.Cli.Commands;

public class ModelsCommandTests
{
    [Fact]
    public void ListsEveryModelWithInputShapeAndParameterCount()
    {
        var result = Nin.Run("models");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ModelCatalog.All.Count, result.OutputLines.Length);
        Assert.Contains(result.OutputLines, l => l.StartsWith("nin-cifar10 ", StringComparison.Ordinal) && l.Contains("1x3x32x32") && l.Contains("966,986 params  10 classes"));
        Assert.Contains(result.OutputLines, l => l.StartsWith("mlpconv ", StringComparison.Ordinal) && l.Contains(" params  block "));
        Assert.Contains(result.OutputLines, l => l.StartsWith("alexnet-fc ", StringComparison.Ordinal) && l.Contains("34,066,792 params"));
        Assert.Contains(result.OutputLines, l => l.StartsWith("alexnet-gap ", StringComparison.Ordinal) && l.Contains("7,053,200 params"));
        Assert.Contains(result.OutputLines, l => l.StartsWith("alexnet-nin ", StringComparison.Ordinal) && l.Contains("4,004,200 params"));
        Assert.Contains(result.OutputLines, l => l.StartsWith("googlenet-noaux ", StringComparison.Ordinal) && l.Contains("6,998,552 params"));
        Assert.DoesNotContain(result.OutputLines, l => l.Contains("Seed", StringComparison.OrdinalIgnoreCase));
    }
}
