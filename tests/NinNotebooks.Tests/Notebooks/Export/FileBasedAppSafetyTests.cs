using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Notebooks;
using NinNotebooks.Notebooks.Export;
using NinNotebooks.Platform;
using NinNotebooks.Tests.Cli;

namespace NinNotebooks.Tests.Notebooks.Export;

/// <summary>
/// What <c>nin notebooks export --to cs</c> must never do: run text that is not a code cell (markdown, a title, a file or
/// folder name, a parameter value), write over a file it did not write, or leave a folder behind when it fails.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Integration)]
public class FileBasedAppSafetyTests
{
    /// <summary>Every character that ends a line in C#; a comment made by splitting on '\n' alone ends at the others too.</summary>
    private static readonly string[] LineTerminators = ["\r\n", "\n", "\r", "\u0085", "\u2028", "\u2029"];

    private const string Hello = "Console.WriteLine(\"hello from the app\");";
    private const string PrintLabel = "Console.WriteLine($\"label has {label.Length} characters\");";

    /// <summary>A parameter value that would run code if it were pasted into the program as it is.</summary>
    private static readonly string HostileLabel = "\"+System.IO.Directory.CreateDirectory(\"pwned-param\").Name+\"\u2028\r\n\\u0022 end";

    [Fact]
    public void HostileMarkdownTitlesAndNames_BecomeCommentsAndLiterals_TheOnlyStatementsAreTheCodeCells()
    {
        using var dir = new TemporaryDirectory();
        using var scratch = new RepositoryScratch();
        var notebook = HostileNotebook(scratch, "n\u2028System.IO.Directory.CreateDirectory(\"pwned-file\");\r\"x\\.ipynb");

        var file = FileBasedApp.Write(notebook, dir.File("apps"), [new("label", HostileLabel)]);
        var tree = ParseApp(File.ReadAllText(file));
        var root = tree.GetCompilationUnitRoot();

        Assert.Empty(tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        var statements = root.Members.SkipLast(1).Select(m => Assert.IsType<GlobalStatementSyntax>(m).Statement).ToList();
        Assert.Equal("global::NinNotebooks.Lessons.Lesson.Start(args, LessonText.Title, LessonText.Cells, (\"label\", typeof(string)));", statements[0].ToString());
        Assert.StartsWith("Directory.SetCurrentDirectory(", statements[1].ToString(), StringComparison.Ordinal);
        var hello = 2 + HostileMarkdown.Count();
        Assert.Equal(["global::NinNotebooks.Lessons.Lesson.Cell(1);", "var label = \"plain\";", $"label = {SymbolDisplay.FormatLiteral(HostileLabel, quote: true)};",
            "label = global::NinNotebooks.Lessons.Lesson.Parameter(\"label\", label);",
            $"global::NinNotebooks.Lessons.Lesson.Cell({hello});", Hello, PrintLabel, $"global::NinNotebooks.Lessons.Lesson.Cell({hello + 1});", "display(1 + 1);",
            "global::NinNotebooks.Lessons.Lesson.End();"],
            statements.Skip(2).Select(s => s.WithoutTrivia().ToString()));

        // The folder is a string whose value is the path to the notebook's folder, whatever its name holds.
        var literals = statements[1].DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken)).ToList();
        Assert.Equal(Path.GetDirectoryName(notebook), Path.GetFullPath(literals[^1].ValueText, dir.File("apps")));
        var assigned = ((AssignmentExpressionSyntax)((ExpressionStatementSyntax)statements[4]).Expression).Right;
        Assert.Equal(HostileLabel, ((LiteralExpressionSyntax)assigned).Token.ValueText);

        // The page's text is one table of string literals: the title, then each cell's markdown (exactly as written) or
        // code (as HTML), each the one argument of LessonCell.Markdown or LessonCell.Code; nothing else is in it.
        var table = Assert.IsType<ClassDeclarationSyntax>(root.Members[^1]);
        Assert.Equal("LessonText", table.Identifier.ValueText);
        Assert.Equal(["public const string Title", "public static readonly global::NinNotebooks.Lessons.LessonCell[] Cells"],
            table.Members.Select(m => Assert.IsType<FieldDeclarationSyntax>(m)).Select(f => $"{f.Modifiers} {f.Declaration.Type} {f.Declaration.Variables.Single().Identifier}"));
        var initializers = table.DescendantNodes().OfType<EqualsValueClauseSyntax>().SelectMany(v => v.Value.DescendantNodesAndSelf().OfType<ExpressionSyntax>());
        Assert.All(initializers, e => Assert.True(e is LiteralExpressionSyntax or CollectionExpressionSyntax or InvocationExpressionSyntax
            or MemberAccessExpressionSyntax or NameSyntax, $"{e.Kind()}: {e}"));
        var title = table.Members.OfType<FieldDeclarationSyntax>().First().Declaration.Variables.Single().Initializer!.Value;
        Assert.Equal("Title\u2029System.IO.Directory.CreateDirectory(\"pwned-title\");", Assert.IsType<LiteralExpressionSyntax>(title).Token.ValueText);
        var cells = table.DescendantNodes().OfType<InvocationExpressionSyntax>().ToList();
        Assert.All(cells, c => Assert.Matches(@"^global::NinNotebooks\.Lessons\.LessonCell\.(Markdown|Code)$", c.Expression.ToString()));
        var texts = cells.Select(c => Assert.IsType<LiteralExpressionSyntax>(Assert.Single(c.ArgumentList.Arguments).Expression).Token.ValueText).ToList();
        var markdownTexts = cells.Select((c, i) => (c, i)).Where(x => x.c.Expression.ToString().EndsWith(".Markdown", StringComparison.Ordinal)).Select(x => texts[x.i]).ToList();
        Assert.Equal(["# Title\u2029System.IO.Directory.CreateDirectory(\"pwned-title\");\n\nThe first cell.", .. HostileMarkdown], markdownTexts);
        Assert.Equal(CodeHighlighter.ToHtml(Hello + "\n" + PrintLabel), texts[hello]);

        // Text stays readable as one-line comments: every line of every markdown cell is one, and nothing else is
        // a comment, a directive or disabled text.
        var trivia = root.DescendantTrivia(descendIntoTrivia: true).ToList();
        Assert.DoesNotContain(trivia, t => t.IsKind(SyntaxKind.MultiLineCommentTrivia) || t.IsKind(SyntaxKind.DisabledTextTrivia) || t.IsKind(SyntaxKind.SkippedTokensTrivia)
            || (t.IsDirective && !t.IsKind(SyntaxKind.IgnoredDirectiveTrivia)));
        var comments = trivia.Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)).Select(t => t.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var markdown in HostileMarkdown)
        {
            foreach (var line in markdown.Split(LineTerminators, StringSplitOptions.None))
            {
                Assert.Contains(("// " + line).TrimEnd(), comments);
            }
        }

        Assert.Contains("// Title", comments);
        Assert.Contains("// System.IO.Directory.CreateDirectory(\"pwned-title\");", comments);
        var directives = trivia.Where(t => t.IsKind(SyntaxKind.IgnoredDirectiveTrivia)).Select(t => t.ToString()).ToList();
        Assert.DoesNotContain(directives, d => d.Contains("Evil", StringComparison.Ordinal) || d.Contains("pwned", StringComparison.Ordinal));
        Assert.Contains(directives, d => d.StartsWith("#:project ", StringComparison.Ordinal));
    }

    /// <summary>The issue's check: the hostile notebook's app builds and runs with <c>dotnet run</c>, and creates no folder.</summary>
    [Fact]
    public void AHostileNotebooksApp_RunsWithDotnetRun_AndRunsNothingButItsCodeCells()
    {
        using var dir = new TemporaryDirectory();
        using var scratch = new RepositoryScratch();
        var notebook = HostileNotebook(scratch, "hostile.ipynb");
        var file = FileBasedApp.Write(notebook, dir.File("apps"), [new("label", HostileLabel)]);

        var run = LessonAppRun.Run(dir, file);

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("hello from the app", run.Output, StringComparison.Ordinal);
        Assert.Contains($"label has {HostileLabel.Length} characters", run.Output, StringComparison.Ordinal);
        Assert.Contains("2", run.Output.Split('\n').Select(l => l.Trim()));
        Assert.Empty(new[] { dir.Path, scratch.Path }.SelectMany(d => Directory.EnumerateDirectories(d, "pwned*", SearchOption.AllDirectories)));
        Assert.Empty(Directory.EnumerateDirectories(RepositoryPaths.Root, "pwned*"));

        // Its page shows the markdown, and no text of it runs as script in a browser.
        var page = dir.File("apps", "hostile.html");
        Assert.Contains($"Lesson page: {page}", run.Output, StringComparison.Ordinal);
        var loaded = HeadlessChromium.Load(page, dir.File("profile"));
        Assert.Empty(loaded.ScriptErrors);
        Assert.Contains("a safe link", loaded.Dom, StringComparison.Ordinal);
        Assert.Contains("hello from the app", loaded.Dom, StringComparison.Ordinal);
        Assert.DoesNotContain("data-pwned", loaded.Dom, StringComparison.Ordinal);
    }

    /// <summary>A code cell that ends inside a comment, a string or an #if would take the markdown after it into the program.</summary>
    [Theory]
    [InlineData("var x = 1; /*", "*/ System.IO.Directory.CreateDirectory(\"pwned\"); /*", "*/", "CS1035")]
    [InlineData("var s = \"\"\"", "\"\"\"; System.IO.Directory.CreateDirectory(\"pwned\"); var t = \"\"\"", "\"\"\";", "CS8997")]
    [InlineData("#if false", "#endif\nSystem.IO.Directory.CreateDirectory(\"pwned\");\n#if false", "#endif", "CS1027")]
    public void ACodeCellThatIsNotCompleteCSharp_IsRefused_SoNoMarkdownBecomesCode(string opens, string markdown, string closes, string error)
    {
        using var dir = new TemporaryDirectory();
        using var scratch = new RepositoryScratch();
        var notebook = Save(scratch.File("open.ipynb"), [Markdown("# Open"), new(opens, NotebookKernel.CSharp), Markdown(markdown), new(closes, NotebookKernel.CSharp)]);

        var refused = Assert.Throws<InvalidDataException>(() => FileBasedApp.Write(notebook, dir.File("apps"), []));

        Assert.StartsWith($"{notebook}: cell 2: the cell is not complete C# ({error} ", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("apps")));
    }

    [Fact]
    public void Export_RefusesAHandWrittenFileOfTheSameName_BeforeWritingAnything_AndNumbersSameNamedNotebooks()
    {
        using var dir = new TemporaryDirectory();
        using var scratch = new RepositoryScratch();
        var a = WriteNotebook(scratch.File("a", "x.ipynb"), ["# Notebook a", "1"]);
        var b = WriteNotebook(scratch.File("b", "x.ipynb"), ["# Notebook b", "2"]);
        var mine = dir.File("mine");
        Directory.CreateDirectory(mine);
        File.WriteAllText(Path.Combine(mine, "x.cs"), "// my own program\nConsole.WriteLine(1);\n");

        var refused = Nin.Run("notebooks", "export", "--to", "cs", "--out", mine, a, b);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("", refused.Output);
        Assert.Single(refused.Error.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: {Path.Combine(mine, "x.cs")} ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("was not written by nin notebooks export", refused.Error, StringComparison.Ordinal);
        Assert.Equal("// my own program\nConsole.WriteLine(1);\n", File.ReadAllText(Path.Combine(mine, "x.cs")));
        Assert.Equal(["x.cs"], Directory.GetFileSystemEntries(mine).Select(Path.GetFileName));

        File.Delete(Path.Combine(mine, "x.cs"));
        var exported = Nin.Run("notebooks", "export", "--to", "cs", "--out", mine, a, b);

        Assert.True(exported.ExitCode == 0, exported.Error);
        Assert.Equal([Path.Combine(mine, "x.cs"), Path.Combine(mine, "x-2.cs")], exported.OutputLines);
        Assert.Contains("// Notebook a", File.ReadAllText(Path.Combine(mine, "x.cs")), StringComparison.Ordinal);
        Assert.Contains("// Notebook b", File.ReadAllText(Path.Combine(mine, "x-2.cs")), StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Export_RefusesAFifoInPlaceOfTheApp_WithoutOpeningIt()
    {
        using var dir = new TemporaryDirectory();
        using var scratch = new RepositoryScratch();
        var notebook = WriteNotebook(scratch.File("x.ipynb"), ["# X", "1"]);
        Directory.CreateDirectory(dir.File("apps"));
        var fifo = dir.File("apps", "x.cs");
        Fifo.Create(fifo);

        // Reading the first line to see whether it is the exporter's mark would open the FIFO and wait for a writer.
        var thrown = await Fifo.ThrownWithoutOpening(fifo, () => FileBasedApp.Write(notebook, dir.File("apps"), []));

        Assert.Equal($"{fifo} is not a regular file (a FIFO, socket or device); the export will not write an app there. Move it, or choose another --out.", Assert.IsType<ArgumentException>(thrown).Message);
        Assert.Equal(["x.cs"], Directory.GetFileSystemEntries(dir.File("apps")).Select(Path.GetFileName));
    }

    [Fact]
    public void ReExport_ReplacesItsOwnEarlierApp_ButNotOneEditedSince()
    {
        using var dir = new TemporaryDirectory();
        using var scratch = new RepositoryScratch();
        var notebook = WriteNotebook(scratch.File("x.ipynb"), ["# First version", "1"]);
        var app = FileBasedApp.Write(notebook, dir.File("apps"), []);
        Assert.StartsWith("// Generated by nin notebooks export --to cs", File.ReadAllText(app), StringComparison.Ordinal);

        WriteNotebook(notebook, ["# Second version", "2"]);
        Assert.Equal(app, FileBasedApp.Write(notebook, dir.File("apps"), []));
        Assert.Contains("// Second version", File.ReadAllText(app), StringComparison.Ordinal);

        File.AppendAllText(app, "Console.WriteLine(\"my change\");\n");
        var edited = File.ReadAllText(app);
        var error = Assert.Throws<ArgumentException>(() => FileBasedApp.Write(notebook, dir.File("apps"), []));

        Assert.StartsWith($"{app} ", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed since", error.Message, StringComparison.Ordinal);
        Assert.Equal(edited, File.ReadAllText(app));
    }

    [Theory]
    [InlineData("link to a file")]
    [InlineData("link to an app of ours")]
    [InlineData("dangling link")]
    [InlineData("folder")]
    public void ATargetThatIsALinkOrAFolder_IsRefused_AndNothingIsFollowedOrWritten(string setup)
    {
        using var dir = new TemporaryDirectory();
        using var scratch = new RepositoryScratch();
        var notebook = WriteNotebook(scratch.File("x.ipynb"), ["# X", "1"]);
        var apps = dir.File("apps");
        var target = Path.Combine(apps, "x.cs");
        File.WriteAllText(dir.File("victim.cs"), "// someone's file\n");
        if (setup == "link to an app of ours")
        {
            FileBasedApp.Write(notebook, dir.File("ours"), []);
        }

        Directory.CreateDirectory(apps);
        switch (setup)
        {
            case "link to a file":
                File.CreateSymbolicLink(target, dir.File("victim.cs"));
                break;
            case "link to an app of ours":
                File.CreateSymbolicLink(target, dir.File("ours", "x.cs"));
                break;
            case "dangling link":
                File.CreateSymbolicLink(target, dir.File("nowhere.cs"));
                break;
            default:
                Directory.CreateDirectory(target);
                break;
        }

        var before = Snapshot(dir.Path);
        var result = Nin.Run("notebooks", "export", "--to", "cs", "--out", apps, notebook);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: {target} ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Equal(before, Snapshot(dir.Path));
    }

    /// <summary>A full disk, through the fault seam: the export fails with a message, and the folders it made are gone.</summary>
    [Theory]
    [InlineData("cs", 1)]
    [InlineData("cs", 2)]
    [InlineData("html", 1)]
    public void AnExportThatRunsOutOfDiskSpace_RemovesTheFoldersItCreated_NotOnesThatWereThere(string to, int fullAt)
    {
        using var dir = new TemporaryDirectory();
        using var scratch = new RepositoryScratch();
        string[] notebooks = [WriteNotebook(scratch.File("x.ipynb"), ["# X", "1"]), WriteNotebook(scratch.File("y.ipynb"), ["# Y", "2"])];

        var fresh = NinProcess(["notebooks", "export", "--to", to, "--out", dir.File("new", "out"), .. notebooks], dir.Path, fullAt);

        Assert.True(fresh.ExitCode == 1, fresh.All);
        Assert.Contains("No space left on device", fresh.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", fresh.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("new")), "the export created new/ and new/out/; both are gone");

        Directory.CreateDirectory(dir.File("there"));
        var existing = NinProcess(["notebooks", "export", "--to", to, "--out", dir.File("there"), .. notebooks], dir.Path, fullAt);

        Assert.True(existing.ExitCode == 1, existing.All);
        Assert.True(Directory.Exists(dir.File("there")), "a folder that was there before stays");
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("there")));
    }

    /// <summary>Markdown cells that end a line in every way C# knows, then try to run code, add a directive or disable the rest.</summary>
    private static IEnumerable<string> HostileMarkdown =>
    [
        .. LineTerminators.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"note{t}System.IO.Directory.CreateDirectory(\"pwned-md-{i}\");")),
        "*/ System.IO.Directory.CreateDirectory(\"pwned-star\"); /*",
        "a line\u2028#:package Evil@1.0.0\u2029#:property Evil=1",
        "a line\u0085#if false\rdisabled\n#endif",
        "\\u000a System.IO.Directory.CreateDirectory(\"pwned-escape\");",
        "text \"quoted\" \\ back\u2028\"+System.IO.Directory.CreateDirectory(\"pwned-quote\")+\"",
        "braces {System.IO.Directory.CreateDirectory(\"pwned-brace\")} {{ }} $\"{1}\" \"\"\" raw \"\"\" @\"verbatim\" \\\" \0 nul \uFFFF end \\",
        HtmlBookTests.Hostile.Markdown,
    ];

    /// <summary>A notebook in a folder whose names try to break out of a string literal or a comment.</summary>
    private static string HostileNotebook(RepositoryScratch scratch, string fileName)
    {
        var folder = scratch.File("q\"+System.IO.Directory.CreateDirectory(\"pwned-folder\").Name+\"", "f\u2028System.IO.Directory.CreateDirectory(\"pwned-folder-2\");\\");
        var cells = new List<InteractiveDocumentElement>
        {
            Markdown("# Title\u2029System.IO.Directory.CreateDirectory(\"pwned-title\");\n\nThe first cell."),
            new("var label = \"plain\";", NotebookKernel.CSharp) { Metadata = new Dictionary<string, object> { ["tags"] = new List<object> { NotebookParameters.Tag } } },
        };
        cells.AddRange(HostileMarkdown.Select(Markdown));
        cells.Add(new InteractiveDocumentElement(Hello + "\n" + PrintLabel, NotebookKernel.CSharp));
        cells.Add(new InteractiveDocumentElement("1 + 1", NotebookKernel.CSharp));
        return Save(Path.Combine(folder, fileName), cells);
    }

    private static string WriteNotebook(string path, string[] markdownThenCode) =>
        Save(path, [Markdown(markdownThenCode[0]), .. markdownThenCode.Skip(1).Select(c => new InteractiveDocumentElement(c, NotebookKernel.CSharp))]);

    private static InteractiveDocumentElement Markdown(string text) => new(text, "markdown");

    private static string Save(string path, IEnumerable<InteractiveDocumentElement> cells)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var notebook = new InteractiveDocument();
        foreach (var cell in cells)
        {
            notebook.Add(cell);
        }

        File.WriteAllText(path, NotebookDocument.ToIpynb(notebook));
        return path;
    }

    /// <summary>The app as the .NET 10 SDK's compiler reads a file-based program: <c>#:</c> lines are directives it ignores.</summary>
    private static SyntaxTree ParseApp(string text) =>
        CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview).WithFeatures([new("FileBasedProgram", "true")]));

    private static ChildProcess.Result NinProcess(string[] args, string workingDirectory, int diskFullAtWrite) =>
        ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "nin.dll"), .. args], workingDirectory, TimeSpan.FromMinutes(3),
            new Dictionary<string, string> { [FaultInjection.DiskFullAtWriteVariable] = diskFullAtWrite.ToString(CultureInfo.InvariantCulture) });

    private static string Snapshot(string dir) => string.Join("\n", Directory
        .EnumerateFileSystemEntries(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        .Order(StringComparer.Ordinal)
        .Select(p => new FileInfo(p).LinkTarget is { } target ? $"{p} -> {target}" : File.Exists(p) ? $"{p} {File.ReadAllText(p)}" : p));

    /// <summary>
    /// A folder inside this repository's checkout (artifacts/test-notebooks/), where an exported app finds the
    /// repository's projects, deleted on dispose.
    /// </summary>
    private sealed class RepositoryScratch : IDisposable
    {
        public RepositoryScratch() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(RepositoryPaths.Root, "artifacts", "test-notebooks", Guid.NewGuid().ToString("N"));

        public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
