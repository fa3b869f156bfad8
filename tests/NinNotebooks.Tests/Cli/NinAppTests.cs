namespace NinNotebooks.Tests.Cli;

public class NinAppTests
{
    [Fact]
    public void Help_ListsTheCommands()
    {
        var result = Nin.Run("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("doctor", result.Output);
        Assert.Contains("models", result.Output);
        Assert.Contains("summary <model>", result.Output);
    }

    [Fact]
    public void UnknownCommand_FailsWithAMessage()
    {
        var result = Nin.Run("sumary", "nin-cifar10");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("sumary", result.Error);
    }
}
