using System.Xml.Linq;

namespace NinNotebooks.Tests.Cli.Commands;

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
    public void EachNotebookRunsInItsOwnProcess_SoTheirPackagesCannotClash()
    {
        // XPlot.Plotly brings an old FSharp.Core, Plotly.NET a new one: in one process the second notebook would fail.
        using var dir = new TemporaryDirectory();
        var xplot = Notebooks.NotebookFixtures.Write(dir, "1-xplot.ipynb",
        [
            "#r \"nuget: XPlot.Plotly.Interactive, 4.1.0\"",
            "XPlot.Plotly.Chart.Plot(new XPlot.Plotly.Scatter { x = new object[] { 1, 2 }, y = new object[] { 3, 4 } })",
        ]);
        File.Copy(Notebooks.NotebookFixtures.Fixture("charts.ipynb"), dir.File("2-charts.ipynb"));

        var result = Nin.Run("notebooks", "run", xplot, dir.File("2-charts.ipynb"), "--out", dir.File("out"));

        Assert.True(result.ExitCode == 0, result.Error);
        var html = Notebooks.NotebookFixtures.Text(NinNotebooks.Notebooks.Notebook.Load(dir.File("out", "1-xplot.ipynb")).Cells[1].Outputs.Single(), "text/html");
        Assert.Contains("* plotly.js v", html);
        Assert.Contains("Plotly.newPlot(", html);
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
