using NinNotebooks.Notebooks;
using NinNotebooks.Tests.Cli;

namespace NinNotebooks.Tests.Notebooks;

/// <summary>
/// Where <c>nin notebooks run</c> writes: never over one of its inputs (through a link or not), never over a file an
/// earlier run did not write, and same-named notebooks kept apart. Each refusal comes before any cell runs.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Integration)]
public class RunPlanTests
{
    [Fact]
    public void AnOutputFolderThatLinksToTheNotebooks_IsRefused_AndTheNotebookIsUntouched()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("nbs"));
        var notebook = NotebookFixtures.Write(dir, Path.Combine("nbs", "ok.ipynb"), ["1 + 1"]);
        var before = File.ReadAllText(notebook);
        File.CreateSymbolicLink(dir.File("L"), dir.File("nbs"));

        var result = Nin.Run("notebooks", "run", notebook, "--out", dir.File("L"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {dir.File("L", "ok.ipynb")} is a notebook this run reads", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cell ", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(notebook));
        Assert.Equal(["ok.ipynb"], Directory.GetFileSystemEntries(dir.File("nbs")).Select(Path.GetFileName));
    }

    [Fact]
    public void ADibRunIntoItsOwnFolder_LeavesTheIpynbOfTheSameNameAlone()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllText(dir.File("x.dib"), "#!csharp\n\n1 + 1\n");
        var mine = NotebookFixtures.Write(dir, "x.ipynb", ["\"my own notebook\""]);
        var before = File.ReadAllText(mine);

        var result = Nin.Run("notebooks", "run", dir.File("x.dib"), "--out", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{mine} exists and is not an executed copy; the run will not write over it", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(mine));
    }

    [Fact]
    public void AReportPathThatIsAnInput_IsRefused()
    {
        using var dir = new TemporaryDirectory();
        var notebook = NotebookFixtures.Write(dir, "a.ipynb", ["1"]);
        var before = File.ReadAllText(notebook);

        var result = Nin.Run("notebooks", "run", notebook, "--out", dir.File("out"), "--junit", notebook);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{notebook} is a notebook this run reads; the run would write a JUnit report", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(notebook));
    }

    [Fact]
    public void AnOutputPathThatIsAFile_IsAMessageBeforeAnyWork()
    {
        using var dir = new TemporaryDirectory();
        var notebook = NotebookFixtures.Write(dir, "a.ipynb", ["1"]);
        File.WriteAllText(dir.File("file"), "someone's");

        var result = Nin.Run("notebooks", "run", notebook, "--out", dir.File("file"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: --out {dir.File("file")} is a file; give a folder for the executed copies.", result.Error.Trim());
        Assert.Equal("someone's", File.ReadAllText(dir.File("file")));
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("3000000")]
    [InlineData("0")]
    public void ATimeoutOutOfRange_IsAMessage(string timeout)
    {
        using var dir = new TemporaryDirectory();
        var notebook = NotebookFixtures.Write(dir, "a.ipynb", ["1"]);

        var result = Nin.Run("notebooks", "run", notebook, "--out", dir.File("out"), "--timeout", timeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: --timeout must be a number of seconds above 0 and at most 2,147,483 (24 days).", result.Error.Trim());
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void SameNamedNotebooksFromTwoFolders_GetTwoCopies_AndARunReplacesItsOwnCopies()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("a"));
        Directory.CreateDirectory(dir.File("b"));
        NotebookFixtures.Write(dir, Path.Combine("a", "nb.ipynb"), ["\"from a\""]);
        NotebookFixtures.Write(dir, Path.Combine("b", "nb.ipynb"), ["\"from b\""]);

        var first = Nin.Run("notebooks", "run", dir.File("a", "nb.ipynb"), dir.File("b", "nb.ipynb"), "--out", dir.File("out"));
        var again = Nin.Run("notebooks", "run", dir.File("a", "nb.ipynb"), dir.File("b", "nb.ipynb"), "--out", dir.File("out"));

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("2 of 2 notebooks passed", again.Output, StringComparison.Ordinal);
        Assert.Equal("from a", Shown(dir.File("out", "nb.ipynb")));
        Assert.Equal("from b", Shown(dir.File("out", "nb-2.ipynb")));
        Assert.True(RunPlan.IsExecutedCopy(dir.File("out", "nb.ipynb")));
    }

    private static string Shown(string executedCopy) =>
        NotebookDocument.Text(NotebookDocument.Load(executedCopy).Elements[0].Outputs.Single().Data()!["text/plain"]);
}
