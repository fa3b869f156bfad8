using System.Xml.Linq;
using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Cli.Commands;

[Trait(TestCategory.Name, TestCategory.Integration)]
public class NotebooksCommandTests
{
    [Fact]
    public void Run_WritesExecutedCopiesAndJUnit_ExitsZeroWhenAllPass()
    {
        using var dir = new TemporaryDirectory();
        File.Copy(Notebooks.NotebookFixtures.Fixture("cells.dib"), dir.File("cells.dib"));
        File.Copy(Notebooks.NotebookFixtures.Fixture("basics.ipynb"), dir.File("basics.ipynb"));

        var result = Nin.Run("notebooks", "run", dir.Path, "--out", dir.File("out"), "--param", "count=2");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("cell   3  passed", result.Output);
        Assert.Contains("2 of 2 notebooks passed", result.Output);
        Assert.True(File.Exists(dir.File("out", "basics.ipynb")));
        Assert.True(File.Exists(dir.File("out", "cells.ipynb")));
        Assert.Equal(2, XDocument.Load(dir.File("out", "junit.xml")).Root!.Elements("testsuite").Count());
    }

    [Fact]
    public void Run_AFailingNotebook_ExitsOneAndNamesTheCell()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllText(dir.File("bad.ipynb"), """{ "nbformat": 4, "cells": [ { "cell_type": "code", "source": "undefinedName" } ] }""");

        var result = Nin.Run("notebooks", "run", dir.File("bad.ipynb"), "--out", dir.File("out"), "--junit", dir.File("report.xml"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {dir.File("bad.ipynb")}: cell 1 (undefinedName) failed: (1,1): error CS0103", result.Error);
        Assert.Equal("1", (string)XDocument.Load(dir.File("report.xml")).Root!.Attribute("failures")!);
    }

    [Fact]
    public void Run_StoppedBySigterm_EndsTheNotebookProcess_AndLeavesNothingBehind()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("tmp"));
        var notebook = Notebooks.NotebookFixtures.Write(dir, $"spin-{Guid.NewGuid():N}.ipynb", ["1", "while (true) { }"]);
        using var nin = RunningProgram.Nin(["notebooks", "run", notebook, "--out", dir.File("out")], dir.Path, new Dictionary<string, string> { ["TMPDIR"] = dir.File("tmp") });
        nin.WaitFor("cell   1  passed", TimeSpan.FromMinutes(2));
        Thread.Sleep(1000);

        nin.Signal("TERM");

        Assert.Equal(143, nin.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Contains($"error: stopped by a signal while {notebook} ran", nin.Printed, StringComparison.Ordinal);
        Assert.Empty(ProcessesNaming(notebook));
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("tmp"), "nin-*"));
        Assert.False(File.Exists(dir.File("out", Path.GetFileName(notebook))));
    }

    /// <summary>The processes whose command line holds <paramref name="text"/>.</summary>
    private static List<int> ProcessesNaming(string text) =>
        [.. Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(p => p!.All(char.IsAsciiDigit)).Select(int.Parse!)
            .Where(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/cmdline").Contains(text, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            })];

    [Fact]
    public void Run_UnknownTorchBackend_IsRejectedBeforeRunning()
    {
        using var dir = new TemporaryDirectory();

        var result = Nin.Run("notebooks", "run", dir.Path, "--out", dir.File("out"), "--torch-backend", "rocm");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--torch-backend: expected cpu or cuda, got 'rocm'", result.Error);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void Export_Html_WritesTheBook_UnknownFormatIsRefused()
    {
        using var dir = new TemporaryDirectory();
        NinNotebooks.Tests.Notebooks.Export.BookFixtures.Write(dir, count: 2);

        var result = Nin.Run("notebooks", "export", "--to", "html", "--out", dir.File("book"), dir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 notebook page(s) and an index", result.Output);
        Assert.True(File.Exists(dir.File("book", "02-notebook-2.html")));
        var wrong = Nin.Run("notebooks", "export", "--to", "pdf", "--out", dir.File("other"), dir.Path);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("--to: expected html or cs, got 'pdf'", wrong.Error);
        Assert.False(Directory.Exists(dir.File("other")));
    }

    [Fact]
    public void Run_BadParameter_IsRejectedBeforeRunning()
    {
        using var dir = new TemporaryDirectory();

        var result = Nin.Run("notebooks", "run", dir.Path, "--out", dir.File("out"), "--param", "9lives=1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--param: expected name=value", result.Error);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void TheOptions_ReachTheNotebookProcess()
    {
        // Each option shows in what the notebook's own process did: the backend in the package it asked NuGet for,
        // the parameter in a value, --continue-on-error in a cell run after a failure, --timeout in a cancelled cell.
        using var dir = new TemporaryDirectory();
        var path = Notebooks.NotebookFixtures.Write(dir, "options.ipynb",
            ["var label = \"default\";", "#r \"nuget: TorchSharp-cpu, 0.107.0\"", "label", "System.Threading.Thread.Sleep(600_000);"], firstIsParameters: true);

        var result = Nin.Run("notebooks", "run", path, "--out", dir.File("out"), "--torch-backend", "cuda", "--param", "label=given",
            "--continue-on-error", "--timeout", "30");   // long enough for the failed restore on a busy machine

        Assert.Equal(1, result.ExitCode);
        var cells = NotebookDocument.Load(dir.File("out", "options.ipynb")).Elements;
        Assert.Contains("TorchSharp-cuda-linux", Notebooks.NotebookFixtures.Text(cells[2].Outputs.Last()));
        Assert.Equal("given", Notebooks.NotebookFixtures.Text(cells[3].Outputs.Single()));
        Assert.Contains("did not finish within 30 s", Notebooks.NotebookFixtures.Text(cells[4].Outputs.Last()));
    }

    [Fact]
    public void EachNotebookRunsInItsOwnProcess_AsVSCodeStartsAKernelPerNotebook()
    {
        using var dir = new TemporaryDirectory();
        var first = Notebooks.NotebookFixtures.Write(dir, "1-first.ipynb", ["AppDomain.CurrentDomain.SetData(\"mark\", Environment.ProcessId); Environment.ProcessId"]);
        var second = Notebooks.NotebookFixtures.Write(dir, "2-second.ipynb", ["$\"{AppDomain.CurrentDomain.GetData(\"mark\") is null} {Environment.ProcessId}\""]);

        var result = Nin.Run("notebooks", "run", first, second, "--out", dir.File("out"));

        Assert.True(result.ExitCode == 0, result.Error);
        string Shown(string name) => Notebooks.NotebookFixtures.Text(NotebookDocument.Load(dir.File("out", name)).Elements.Single().Outputs.Single());
        var secondShows = Shown("2-second.ipynb").Split(' ');
        Assert.Equal("True", secondShows[0]);
        Assert.NotEqual(Shown("1-first.ipynb"), secondShows[1]);
        Assert.NotEqual(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), secondShows[1]);
    }

    public static TheoryData<string, string, string> UnreadableNotebooks => new()
    {
        { "html", "{ \"nbformat\": 4, \"cells\": [", "not valid JSON" },
        { "cs", "{ \"nbformat\": 4, \"cells\": [", "not valid JSON" },
        { "html", "{ \"nbformat\": 3, \"nbformat_minor\": 0, \"metadata\": {}, \"worksheets\": [] }", "unsupported nbformat 3; expected 4" },
        { "cs", "{ \"nbformat\": 3, \"nbformat_minor\": 0, \"metadata\": {}, \"worksheets\": [] }", "unsupported nbformat 3; expected 4" },
    };

    [Theory]
    [MemberData(nameof(UnreadableNotebooks))]
    public void Export_OfANotebookThatCannotBeRead_IsAMessageNamingIt(string to, string json, string message)
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllText(dir.File("nb.ipynb"), json);

        var result = Nin.Run("notebooks", "export", "--to", to, "--out", dir.File("out"), dir.File("nb.ipynb"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: {dir.File("nb.ipynb")}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void Export_ToCs_OfASeriesNotebookCopiedOutOfTheRepository_SaysWhy()
    {
        using var dir = new TemporaryDirectory();
        File.Copy(Path.Combine(RepositoryPaths.Root, "notebooks", "01-mlpconv.ipynb"), dir.File("01-mlpconv.ipynb"));

        var result = Nin.Run("notebooks", "export", "--to", "cs", "--out", dir.File("apps"), dir.File("01-mlpconv.ipynb"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: {dir.File("01-mlpconv.ipynb")}: cell 2: #r \"../artifacts/bin/NinNotebooks/release/NinNotebooks.dll\" is not built from a project of this repository", result.Error, StringComparison.Ordinal);
        Assert.Contains("export the notebook from its place in this repository's checkout", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("apps")));
    }
}
