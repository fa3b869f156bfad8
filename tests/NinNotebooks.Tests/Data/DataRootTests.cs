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
}
