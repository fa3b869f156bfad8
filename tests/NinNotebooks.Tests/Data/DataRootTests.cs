using NinNotebooks.Data;

namespace NinNotebooks.Tests.Data;

public class DataRootTests
{
    [Fact]
    public void Resolve_PrefersTheArgument_ThenTheEnvironment_ThenTheRepositoryDataFolder()
    {
        var saved = Environment.GetEnvironmentVariable(DataRoot.EnvironmentVariable);
        var savedDirectory = Environment.CurrentDirectory;
        try
        {
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, "/srv/datasets");
            Assert.Equal("/opt/mine", DataRoot.Resolve("/opt/mine"));
            Assert.Equal("/srv/datasets", DataRoot.Resolve());

            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, null);
            Environment.CurrentDirectory = Path.Combine(RepositoryPaths.Root, "src", "NinNotebooks");
            Assert.Equal(Path.Combine(RepositoryPaths.Root, "data"), DataRoot.Resolve());
        }
        finally
        {
            Environment.CurrentDirectory = savedDirectory;
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void Resolve_ALinkThatLoops_IsNamedAsOne_NotAsAFile()
    {
        using var root = new TemporaryDirectory();
        var loop = root.File("loop");
        File.CreateSymbolicLink(loop, loop);

        var error = Assert.Throws<ArgumentException>(() => DataRoot.Resolve(loop));

        Assert.Equal($"The data folder {loop} (given) is a symbolic link that loops (following it never reaches a folder); give a folder (it is created when missing).", error.Message);
    }

    [Fact]
    public void Resolve_APathThroughALinkThatLoops_NamesTheLink()
    {
        using var root = new TemporaryDirectory();
        File.CreateSymbolicLink(root.File("a"), root.File("b"));
        File.CreateSymbolicLink(root.File("b"), root.File("a"));

        var error = Assert.Throws<ArgumentException>(() => DataRoot.Resolve(root.File("a", "data")));

        Assert.Equal($"The data folder {root.File("a", "data")} (given) cannot be reached: {root.File("a")} is a symbolic link that loops; give a folder (it is created when missing).", error.Message);
    }

    [Fact]
    public void Resolve_ALinkToNothing_SaysWhereItLeads()
    {
        using var root = new TemporaryDirectory();
        File.CreateSymbolicLink(root.File("data"), root.File("gone"));

        var error = Assert.Throws<ArgumentException>(() => DataRoot.Resolve(root.File("data")));

        Assert.Equal($"The data folder {root.File("data")} (given) is a symbolic link to {root.File("gone")}, which does not exist; give a folder (it is created when missing).", error.Message);
    }
}
