using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Notebooks;
using NinNotebooks.Notebooks.Export;
using NinNotebooks.Tests.Cli;
using NinNotebooks.Tests.Series;
using Xunit;

namespace NinNotebooks.Tests.Notebooks.Export;

[Trait(TestCategory.Name, TestCategory.Integration)]
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
        var all = text.Split('\n');
        var lines = all[..Array.IndexOf(all, "file static class LessonText")];   // the program, without the page's text

        Assert.Equal(dir.File("apps", "01-mlpconv.cs"), file);
        Assert.Contains("#:package TorchSharp-cpu@0.107.0", lines);
        Assert.Contains("#:package Plotly.NET@6.0.0", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Plotly.NET.Interactive", StringComparison.Ordinal));
        var projects = lines.Where(l => l.StartsWith("#:project ", StringComparison.Ordinal)).Select(l => Path.GetFullPath(l["#:project ".Length..], dir.File("apps"))).ToList();
        Assert.Equal([Path.Combine(RepositoryPaths.Root, "src", "NinNotebooks", "NinNotebooks.csproj"),
            Path.Combine(RepositoryPaths.Root, "src", "NinNotebooks.LessonApp", "NinNotebooks.LessonApp.csproj")], projects);
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

    /// <summary>Notebook 4 declares a class in a cell; a program's types must follow its top-level statements (CS8803).</summary>
    [Fact]
    public void ACellsClass_MovesAfterTheStatements_SoTheAppCompiles()
    {
        using var dir = new TemporaryDirectory();
        var file = FileBasedApp.Write(Path.Combine(SeriesNotebooks.Folder, "04-inception-bottlenecks.ipynb"), dir.File("apps"), []);
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(File.ReadAllText(file),
            new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Preview).WithFeatures([new("FileBasedProgram", "true")]));
        var members = ((Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax)tree.GetRoot()).Members;

        Assert.Empty(tree.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.ToString()));
        var firstType = members.IndexOf(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax);
        Assert.All(members.Skip(firstType), m => Assert.IsAssignableFrom<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>(m));
        Assert.Contains(members, m => m is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax { Identifier.ValueText: "MyInception" });
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
            Assert.Contains("NinNotebooks.LessonApp was not found", Assert.Throws<InvalidDataException>(() => FileBasedApp.Write(outside, dir.File("apps"), [])).Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(dir.File("apps")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The issue's checks: an exported series notebook runs with <c>dotnet run FILE.cs</c> on the CPU with smoke
    /// parameters, and its page holds every chart that the notebook, executed in the kernel, holds. Here notebook 1 is
    /// run both ways; .ci/run points $NIN_LESSON_PAGES_DIR at the pages of all seven apps and $NIN_EXECUTED_DIR at the
    /// executed series, and every page is checked against its notebook.
    /// </summary>
    [Fact]
    public void AnExportedNotebook_RunsWithDotnetRun_AndItsPageHoldsEveryChartOfTheExecutedNotebook()
    {
        using var dir = new TemporaryDirectory();
        var pages = Environment.GetEnvironmentVariable("NIN_LESSON_PAGES_DIR") is { Length: > 0 } p ? Path.GetFullPath(p) : null;
        var executed = Environment.GetEnvironmentVariable("NIN_EXECUTED_DIR") is { Length: > 0 } e ? Path.GetFullPath(e) : null;
        if (pages is null || executed is null)
        {
            var notebook = Path.Combine(SeriesNotebooks.Folder, "01-mlpconv.ipynb");
            var file = FileBasedApp.Write(notebook, dir.File("apps"), Smoke);

            var run = LessonAppRun.Run(dir, file);

            Assert.True(run.ExitCode == 0, run.All);
            Assert.Contains("formula: 60,928, counted in the module: 60,928", run.Output, StringComparison.Ordinal);
            Assert.Contains("SYNTHETIC DATA", run.Output, StringComparison.Ordinal);
            Assert.Contains("Total params: 966,986", run.Output, StringComparison.Ordinal);
            Assert.Equal(2, run.Output.Split($"Lesson page: {dir.File("apps", "01-mlpconv.html")}").Length - 1);   // at the start and at the end

            // Its build holds libtorch for this machine's platform only (not every platform's, about 1 GB), hard-linked
            // from the NuGet cache where the file system allows a hard link there (tried here with ln).
            var build = LessonAppRun.BuildFolder(dir, file);
            Assert.Empty(Directory.GetDirectories(build, "runtimes", SearchOption.AllDirectories));
            var libtorch = Directory.GetFiles(build, "libtorch_cpu.so", SearchOption.AllDirectories).Single();
            var cached = Directory.GetFiles(Path.Combine(RepositoryPaths.NuGetPackages, "libtorch-cpu-linux-x64"), "libtorch_cpu.so", SearchOption.AllDirectories);
            if (ChildProcess.Run("ln", [cached[0], dir.File("link-probe")], dir.Path).ExitCode == 0)
            {
                Assert.Contains(Inode(libtorch), cached.Select(Inode));
            }

            var kernel = Nin.Run("notebooks", "run", notebook, "--out", dir.File("executed"), "--param", "dataset=synthetic");
            Assert.True(kernel.ExitCode == 0, kernel.Output + kernel.Error);
            (pages, executed) = (dir.File("apps"), dir.File("executed"));
        }

        var checkedPages = 0;
        var charts = 0;
        foreach (var page in Directory.GetFiles(pages, "*.html").Order(StringComparer.Ordinal))
        {
            var copy = Path.Combine(executed, Path.GetFileNameWithoutExtension(page) + ".ipynb");
            Assert.True(File.Exists(copy), $"{page}: no executed notebook {copy}");
            var expected = NotebookDocument.Load(copy).Elements.SelectMany(c => c.Outputs)
                .Sum(o => o.Data()?.TryGetValue("text/html", out var html) == true ? BrowserTests.ChartCount(NotebookDocument.Text(html)) : 0);
            Assert.Equal(expected, BrowserTests.ChartCount(File.ReadAllText(page)));
            checkedPages++;
            charts += expected;
        }

        Assert.True(checkedPages > 0, $"{pages} holds lesson pages");
        Assert.True(charts > 0, "the executed notebooks draw charts");
    }

    /// <summary>The file's inode number (stat), the same for every hard link to one file.</summary>
    private static string Inode(string path)
    {
        var stat = ChildProcess.Run("stat", ["-c", "%i", path], Path.GetDirectoryName(path)!);
        Assert.True(stat.ExitCode == 0 && stat.Output.Trim().Length > 0, stat.All);
        return stat.Output.Trim();
    }
}
