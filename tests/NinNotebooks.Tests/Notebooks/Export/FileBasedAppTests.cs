using NinNotebooks.Notebooks;
using NinNotebooks.Notebooks.Export;
using NinNotebooks.Tests.Series;
using Xunit;

namespace NinNotebooks.Tests.Notebooks.Export;

public class FileBasedAppTests
{
    private static readonly KeyValuePair<string, object>[] Smoke =
        [new("dataset", "synthetic"), new("subset", 300), new("epochs", 1)];

    [Fact]
    public void Write_TurnsDirectivesCellsAndParametersIntoAProgram()
    {
        using var dir = new TemporaryDirectory();
        var file = FileBasedApp.Write(Path.Combine(SeriesNotebooks.Folder, "01-mlpconv.ipynb"), dir.File("apps"), Smoke);
        var text = File.ReadAllText(file);
        var lines = text.Split('\n');

        Assert.Equal(dir.File("apps", "01-mlpconv.cs"), file);
        Assert.Contains("#:package TorchSharp-cpu@0.107.0", lines);
        Assert.Contains("#:package Plotly.NET@6.0.0", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Plotly.NET.Interactive", StringComparison.Ordinal));
        var projects = lines.Where(l => l.StartsWith("#:project ", StringComparison.Ordinal)).Select(l => Path.GetFullPath(l["#:project ".Length..], dir.File("apps"))).ToList();
        Assert.Equal([Path.Combine(RepositoryPaths.Root, "src", "NinNotebooks", "NinNotebooks.csproj"),
            Path.Combine(RepositoryPaths.Root, "src", "NinNotebooks.Notebooks.Kernel", "NinNotebooks.Notebooks.Kernel.csproj")], projects);
        Assert.Single(lines, l => l == "using static TorchSharp.torch;");
        Assert.True(Array.IndexOf(lines, "using static TorchSharp.torch;") < Array.FindIndex(lines, l => l.StartsWith("Directory.SetCurrentDirectory", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("#r", StringComparison.Ordinal));
        Assert.Contains("// ## 2. An mlpconv block", lines);
        Assert.Contains("display(TorchRuntime.Initialize().ToString());", lines);
        Assert.Contains("display(NinConfig.Cifar10.Stages[0].ToString());", lines);
        var parameters = Array.IndexOf(lines, "var device = \"auto\";    // auto | cpu | cuda");
        Assert.Equal(["// Parameters given to nin notebooks export", "dataset = \"synthetic\";",
            "// subset: not a parameter of this notebook, ignored", "// epochs: not a parameter of this notebook, ignored"], lines[(parameters + 1)..(parameters + 5)]);
        var move = lines.Single(l => l.StartsWith("Directory.SetCurrentDirectory", StringComparison.Ordinal));
        var relative = move.Split('"')[^2];
        Assert.Equal(SeriesNotebooks.Folder, Path.GetFullPath(relative, dir.File("apps")));
    }

    [Fact]
    public void CellsThatCannotBeAProgram_AreNamed()
    {
        using var dir = new TemporaryDirectory();
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "test-notebooks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var foreign = NotebookFixtures.Write(dir, "foreign.ipynb", ["#r \"/opt/elsewhere/Other.dll\"\n1"]);
            File.Move(foreign, Path.Combine(folder, "foreign.ipynb"));
            var error = Assert.Throws<InvalidDataException>(() => FileBasedApp.Write(Path.Combine(folder, "foreign.ipynb"), dir.File("apps"), []));
            Assert.Contains("cell 1: #r \"/opt/elsewhere/Other.dll\" is not built from a project of this repository", error.Message, StringComparison.Ordinal);

            var outside = NotebookFixtures.Write(dir, "outside.ipynb", ["1 + 1"]);
            Assert.Contains("NinNotebooks.Notebooks.Kernel was not found", Assert.Throws<InvalidDataException>(() => FileBasedApp.Write(outside, dir.File("apps"), [])).Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(dir.File("apps")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The check: one exported notebook runs with <c>dotnet run FILE.cs</c> on the CPU with smoke parameters.</summary>
    [Fact]
    public void AnExportedNotebook_RunsWithDotnetRun()
    {
        using var dir = new TemporaryDirectory();
        var file = FileBasedApp.Write(Path.Combine(SeriesNotebooks.Folder, "01-mlpconv.ipynb"), dir.File("apps"), Smoke);

        var run = ChildProcess.Run("dotnet", ["run", file], dir.Path, TimeSpan.FromMinutes(10));

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("formula: 60,928, counted in the module: 60,928", run.Output, StringComparison.Ordinal);
        Assert.Contains("SYNTHETIC DATA", run.Output, StringComparison.Ordinal);
        Assert.Contains("Total params: 966,986", run.Output, StringComparison.Ordinal);
    }
}
