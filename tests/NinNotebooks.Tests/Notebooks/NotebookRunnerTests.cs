using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

public class NotebookRunnerTests
{
    [Fact]
    public void Basics_SharedStateConsoleDisplayFormatterAndTime_AreStoredLikeVSCode()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.CopyInto(dir, "basics.ipynb");
        var original = File.ReadAllBytes(path);

        var (result, executed) = NotebookFixtures.Run(dir, path);

        Assert.True(result.Succeeded, result.Failure);
        var cells = executed.Code().ToList();
        Assert.Equal([1, 2, 3, 4, 5], cells.Select(c => c.ExecutionCount ?? 0));
        var io = cells[1].Outputs;
        Assert.Equal(new StreamOutput("stdout", "3 items\n"), io[0]);
        Assert.Equal(new StreamOutput("stderr", "to stderr\n"), io[1]);
        Assert.Equal("<b>bold</b>", io[2].Text("text/html"));
        Assert.Equal("plain text", io[3].Text());
        Assert.Equal("updated", io[4].Text());
        Assert.Equal(5, io.Count);
        Assert.Equal("(3, 4)", Assert.Single(cells[2].Outputs).Text());
        Assert.Contains("<pre>6</pre>", cells[3].Outputs[0].Text("text/html"));
        Assert.StartsWith("Wall time: ", cells[3].Outputs[1].Text(), StringComparison.Ordinal);
        Assert.Empty(cells[4].Outputs);
        Assert.Equal("items", File.ReadAllText(dir.File("basics-wrote-this.txt")));
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal(dir.File("out", "basics.ipynb"), result.ExecutedCopy);
    }

    [Fact]
    public void Parameters_OverrideTheParametersCell()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.CopyInto(dir, "basics.ipynb");

        var (result, executed) = NotebookFixtures.Run(dir, path, new NotebookRunOptions { Parameters = [NotebookParameters.Parse("count=5"), NotebookParameters.Parse("label=things")] });

        Assert.True(result.Succeeded, result.Failure);
        var injected = executed.Code().ElementAt(1);
        Assert.Contains(NotebookParameters.InjectedTag, injected.Tags);
        Assert.Contains("var count = 5;", injected.Source);
        Assert.Equal("5 things\n", executed.Code().ElementAt(2).Outputs[0].Text());
    }

    [Fact]
    public void AFailingCell_StopsTheRun_UnlessContinueOnError()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "fails.ipynb", ["var a = 1;", "throw new InvalidOperationException(\"boom\");", "Console.Write(a);"]);

        var (stopped, stoppedCopy) = NotebookFixtures.Run(dir, path);
        var (continued, continuedCopy) = NotebookFixtures.Run(dir, path, new NotebookRunOptions { ContinueOnError = true });

        Assert.Equal([CellStatus.Passed, CellStatus.Failed, CellStatus.Skipped], stopped.Cells.Select(c => c.Status));
        Assert.Equal($"{path}: cell 2 (throw new InvalidOperationException(\"boom\");) failed: System.InvalidOperationException: boom", stopped.Failure!.Split('\n')[0]);
        var error = Assert.IsType<ErrorOutput>(Assert.Single(stoppedCopy.Code().ElementAt(1).Outputs));
        Assert.Equal("Error", error.Name);
        Assert.Null(stoppedCopy.Code().ElementAt(2).ExecutionCount);
        Assert.Equal([CellStatus.Passed, CellStatus.Failed, CellStatus.Passed], continued.Cells.Select(c => c.Status));
        Assert.Equal("1", continuedCopy.Code().ElementAt(2).Outputs[0].Text());
    }

    [Fact]
    public void CompileErrors_AreReportedLikeTheKernel()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "typo.ipynb", ["aaaadd"]);

        var (result, _) = NotebookFixtures.Run(dir, path);

        Assert.StartsWith("(1,1): error CS0103: The name 'aaaadd' does not exist in the current context", result.Cells[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMagic_FailsTheCellBeforeAnythingRuns()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "magic.ipynb", ["Console.WriteLine(\"ran\");\n#!foo --bar"]);

        var (result, executed) = NotebookFixtures.Run(dir, path);

        Assert.Equal("(2,1): error DNI101: Unknown magic command '#!foo'", result.Cells[0].Message);
        Assert.IsType<ErrorOutput>(Assert.Single(executed.Code().Single().Outputs));
    }

    [Fact]
    public void ACellThatNeverEnds_TimesOut_AndTheRestIsSkipped()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "loop.ipynb", ["var spin = true;", "while (spin) { System.Threading.Thread.Sleep(10); }", "1"]);

        var (result, _) = NotebookFixtures.Run(dir, path, new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(1), ContinueOnError = true });

        Assert.Equal([CellStatus.Passed, CellStatus.TimedOut, CellStatus.Skipped], result.Cells.Select(c => c.Status));
        Assert.Contains("did not finish within 1 s", result.Cells[1].Message);
    }

    public static TheoryData<string, string, string> BadNotebooks => new()
    {
        { "broken.ipynb", "{ \"cells\": [", "not valid JSON" },
        { "old.ipynb", "{ \"nbformat\": 3, \"cells\": [] }", "unsupported nbformat 3; expected 4" },
        { "fsharp.ipynb", "{ \"nbformat\": 4, \"metadata\": {}, \"cells\": [ { \"cell_type\": \"code\", \"metadata\": { \"polyglot_notebook\": { \"kernelName\": \"fsharp\" } }, \"source\": \"1 + 1\" } ] }", "cell 1 (1 + 1) is for the fsharp kernel; nin notebooks run executes C# cells only" },
        { "notes.txt", "hello", "expected a .ipynb or .dib notebook, got a '.txt' file" },
    };

    [Theory]
    [MemberData(nameof(BadNotebooks))]
    public void BadNotebooks_GiveAClearError_AndWriteNothing(string name, string content, string message)
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllText(dir.File(name), content);

        var (result, _) = NotebookFixtures.Run(dir, dir.File(name));

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Error);
        Assert.Contains(dir.File(name), result.Error);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void MissingNotebook_IsNamed()
    {
        using var dir = new TemporaryDirectory();

        var (result, _) = NotebookFixtures.Run(dir, dir.File("nope.ipynb"));

        Assert.Equal($"{dir.File("nope.ipynb")}: notebook not found.", result.Error);
    }

    [Fact]
    public void DibNotebooks_RunAndComeOutAsIpynb()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.CopyInto(dir, "cells.dib");

        var (result, executed) = NotebookFixtures.Run(dir, path);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(dir.File("out", "cells.ipynb"), result.ExecutedCopy);
        Assert.Equal("HELLO", executed.Code().Last().Outputs.Single().Text());
        Assert.Equal(CellKind.Markdown, executed.Cells[0].Kind);
    }

    [Fact]
    public void TorchSharpFromNuGet_RunsLikeTheTutorials()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.CopyInto(dir, "torchsharp.ipynb");

        var (result, executed) = NotebookFixtures.Run(dir, path);

        Assert.True(result.Succeeded, result.Failure);
        var cells = executed.Code().ToList();
        Assert.StartsWith("Installed Packages\n - TorchSharp-cpu, 0.107.0", cells[0].Outputs[0].Text(), StringComparison.Ordinal);
        Assert.Equal("6\n", cells[1].Outputs[0].Text());
        Assert.Contains("[[1, 1, 1]", cells[1].Outputs[1].Text());
    }

    [Fact]
    public void APackageThatCannotBeRestored_FailsTheCellWithNuGetsError()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "missing.ipynb", ["#r \"nuget: NinNotebooks.NoSuchPackage, 9.9.9\"\nConsole.WriteLine(\"ran\");"]);

        var (result, executed) = NotebookFixtures.Run(dir, path, new NotebookRunOptions { PackageCache = dir.File("cache") });

        Assert.Equal(CellStatus.Failed, result.Cells[0].Status);
        Assert.Contains("Could not restore NinNotebooks.NoSuchPackage, 9.9.9", result.Cells[0].Message);
        Assert.Contains("NU1101", result.Cells[0].Message);
        Assert.DoesNotContain(executed.Code().Single().Outputs, o => o is StreamOutput);
    }

    [Fact]
    public void PlotlyNetAndXPlotCharts_RenderOffline_WithPlotlyJsOncePerNotebook()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.CopyInto(dir, "charts.ipynb");

        var (result, executed) = NotebookFixtures.Run(dir, path);

        Assert.True(result.Succeeded, result.Failure);
        var cells = executed.Code().ToList();
        Assert.Contains("Plotly.NET.Interactive, 6.0.0 (provided by nin notebooks run: charts render offline)", cells[0].Outputs[0].Text());
        var charts = cells.Skip(1).Select(c => c.Outputs.Single().Text("text/html")).ToList();
        Assert.All(charts, html => Assert.Contains("Plotly.newPlot(", html));
        Assert.StartsWith("<script type=\"text/javascript\">/**\n* plotly.js v2.28.0", charts[0], StringComparison.Ordinal);
        Assert.Equal(1, charts.Count(html => html.Contains("* plotly.js v", StringComparison.Ordinal)));
        Assert.DoesNotContain("require.js", string.Concat(charts));
    }

    [Fact]
    public void RelativeAssemblyReferences_ResolveAgainstTheNotebooksFolder()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("lib"));
        File.Copy(typeof(NinNotebooks.Modules.NinConfig).Assembly.Location, dir.File("lib", "NinNotebooks.dll"));
        var path = NotebookFixtures.Write(dir, "reference.ipynb", ["#r \"lib/NinNotebooks.dll\"\nNinNotebooks.Modules.NinConfig.Cifar10.Name"]);

        var (result, executed) = NotebookFixtures.Run(dir, path);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal("nin-cifar10", executed.Code().Single().Outputs.Single().Text());
    }

    [Fact]
    public void AProgressViewInANotebook_UpdatesOneDisplayInPlace()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("lib"));
        File.Copy(typeof(NinNotebooks.Progress.HtmlProgressView).Assembly.Location, dir.File("lib", "NinNotebooks.dll"));
        var path = NotebookFixtures.Write(dir, "progress.ipynb",
        [
            "#r \"lib/NinNotebooks.dll\"\nusing NinNotebooks.Progress;",
            "var view = display(HTML(\"\"));\nvar bar = new HtmlProgressView(html => view.Update(HTML(html)));\n" +
            "for (var i = 1; i <= 4; i++) bar.Report(new ProgressUpdate(\"download\", i * 25, 100, \"B\", TimeSpan.FromSeconds(i)));",
        ]);

        var (result, executed) = NotebookFixtures.Run(dir, path);

        Assert.True(result.Succeeded, result.Failure);
        var html = executed.Code().Last().Outputs.Single().Text("text/html");
        Assert.Contains("<progress max=\"1\" value=\"1\"", html);
        Assert.Contains("100%", html);
    }

    [Fact]
    public void UpdatingADisplayFromALaterCell_ChangesTheCellThatShowedIt()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "update.ipynb", ["var shown = display(\"first\");", "shown.Update(\"second\");"]);

        var (result, executed) = NotebookFixtures.Run(dir, path);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal("second", executed.Code().First().Outputs.Single().Text());
        Assert.Empty(executed.Code().Last().Outputs);
    }

    [Fact]
    public void AnOutputFolderThatWouldOverwriteTheSource_IsRefused()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "self.ipynb", ["1"]);
        var original = File.ReadAllText(path);

        var result = new NotebookRunner(new NotebookRunOptions { OutputDirectory = dir.Path }).Run(path);

        Assert.Contains("would overwrite the notebook itself", result.Error);
        Assert.Equal(original, File.ReadAllText(path));
    }
}
