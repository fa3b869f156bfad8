using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace NinNotebooks.Notebooks.Export;

/// <summary>
/// Writes a C# notebook as a .NET 10 file-based app that <c>dotnet run FILE.cs</c> executes, for readers without a
/// notebook kernel: <c>#r "nuget: X, V"</c> becomes <c>#:package X@V</c>, a <c>#r</c> of a DLL built from a project
/// of this repository becomes <c>#:project</c> of that project, markdown becomes comments, code cells follow in order
/// (their <c>using</c> directives gathered at the top), and a cell's last expression is passed to <c>display</c>, which
/// prints it in a program. The program first moves into the notebook's folder, so relative paths mean what they meant
/// in the notebook. Directives are read by the kernel's own parser, and the app pins every package the repository's
/// projects it references resolve (from their lock files), so it builds the same way whatever the package feed gains.
/// </summary>
public static class FileBasedApp
{
    private static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    /// <summary>Writes <c>&lt;notebook name&gt;.cs</c> into <paramref name="outputDirectory"/> (atomically) and returns its path.</summary>
    /// <param name="notebookPath">A C# notebook (.ipynb or .dib).</param>
    /// <param name="outputDirectory">Where the app goes (created).</param>
    /// <param name="parameters">Values assigned right after the notebook's <c>parameters</c> cell, as <c>nin notebooks run --param</c> would.</param>
    /// <exception cref="InvalidDataException">A cell cannot become part of a program (the message names it).</exception>
    public static string Write(string notebookPath, string outputDirectory, IReadOnlyList<KeyValuePair<string, object>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var path = Path.GetFullPath(notebookPath);
        var notebook = NotebookDocument.Load(path);
        var notebookFolder = Path.GetDirectoryName(path)!;
        var outDir = Path.GetFullPath(outputDirectory);
        var packages = new List<(string Name, string? Version)>();
        var projects = new List<string>();
        var usings = new List<string>();
        var body = new StringBuilder();
        using var kernel = NotebookKernel.Create("cpu");
        for (var i = 0; i < notebook.Elements.Count; i++)
        {
            var cell = notebook.Elements[i];
            var where = $"{path}: cell {i + 1}";
            if (cell.IsMarkdown())
            {
                body.AppendLine().AppendJoin('\n', cell.Contents.TrimEnd().Split('\n').Select(l => ("// " + l).TrimEnd())).AppendLine();
                continue;
            }

            var cellCode = new StringBuilder();
            foreach (var command in kernel.SubmissionParser.SplitSubmission(new SubmitCode(cell.Contents, NotebookKernel.CSharp)).GetAwaiter().GetResult())
            {
                switch (command)
                {
                    case AddPackage package when IsKernelExtension(package.PackageName):
                        break;
                    case AddPackage package:
                        packages.Add((package.PackageName, string.IsNullOrEmpty(package.PackageVersion) ? null : package.PackageVersion));
                        break;
                    case SubmitCode submission:
                        cellCode.Append(submission.Code);
                        break;
                    case var restore when restore.ToString() == RestoreDirective:
                        break;
                    default:
                        throw new InvalidDataException($"{where}: {command} cannot become part of a program.");
                }
            }

            var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(cellCode.ToString(), Script).GetRoot();
            foreach (var reference in root.GetReferenceDirectives())
            {
                var dll = Path.GetFullPath(reference.File.ValueText, notebookFolder);
                var project = RepositoryProject(Path.GetFileNameWithoutExtension(dll), Path.GetDirectoryName(dll))
                    ?? throw new InvalidDataException($"{where}: #r \"{reference.File.ValueText}\" is not built from a project of this repository, so a file-based app cannot reference it; export the notebook from its place in this repository's checkout (e.g. notebooks/), where that path leads to the repository's build.");
                projects.Add(project);
            }

            usings.AddRange(root.Usings.Select(u => u.WithoutTrivia().ToFullString()).Where(u => !usings.Contains(u)));
            body.AppendLine();
            foreach (var member in root.Members)
            {
                var code = member.WithLeadingTrivia(member.GetLeadingTrivia().Where(t => !t.IsDirective));
                body.Append(member == root.Members[^1] && member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } shown }
                    ? $"{code.GetLeadingTrivia().ToFullString()}display({shown.Expression.WithoutTrivia()});{code.GetTrailingTrivia().ToFullString()}"
                    : code.ToFullString());
            }

            body.AppendLine();
            if (cell.Tags().Contains(NotebookParameters.Tag) && parameters.Count > 0)
            {
                // Only the variables this notebook declares can be assigned; a series-wide --param it does not use is noted.
                var declared = NotebookParameters.Declared(cell.Contents);
                body.AppendLine("// Parameters given to nin notebooks export").AppendLine(NotebookParameters.ToAssignments(parameters.Where(p => declared.Contains(p.Key))));
                foreach (var unused in parameters.Where(p => !declared.Contains(p.Key)))
                {
                    body.AppendLine(CultureInfo.InvariantCulture, $"// {unused.Key}: not a parameter of this notebook, ignored");
                }
            }
        }

        var shim = RepositoryProject("NinNotebooks.Notebooks.Kernel", notebookFolder)
            ?? throw new InvalidDataException($"{path}: src/NinNotebooks.Notebooks.Kernel was not found above the notebook's folder; a file-based app needs it for display().");
        var app = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"// {notebook.Title() ?? Path.GetFileNameWithoutExtension(path)}")
            .AppendLine(CultureInfo.InvariantCulture, $"// Generated from {Path.GetFileName(path)} by `nin notebooks export --to cs`: edit the notebook, not this file.")
            .AppendLine(CultureInfo.InvariantCulture, $"// Run it with the .NET 10 SDK: dotnet run {Path.GetFileNameWithoutExtension(path)}.cs")
            .AppendLine("// Markdown cells are comments; a cell's last expression goes to display(), which prints it as text (charts only in the notebook).")
            .AppendLine("#:property ManagePackageVersionsCentrally=false")
            .AppendLine("#:property TreatWarningsAsErrors=false")
            .AppendLine("#:property NoWarn=NU1603")
            .AppendLine("#:property PublishAot=false");
        var referenced = projects.Append(shim).Distinct().ToList();
        var pinned = referenced.SelectMany(LockedPackages).Where(p => !packages.Any(n => string.Equals(n.Name, p.Name, StringComparison.OrdinalIgnoreCase)));
        foreach (var (name, version) in packages.Distinct().Concat(pinned.DistinctBy(p => p.Name.ToUpperInvariant())))
        {
            app.AppendLine(version is null ? $"#:package {name}" : $"#:package {name}@{version}");
        }

        foreach (var project in referenced)
        {
            app.AppendLine(CultureInfo.InvariantCulture, $"#:project {Path.GetRelativePath(outDir, project).Replace('\\', '/')}");
        }

        app.AppendLine();
        foreach (var directive in usings.Append("using static Microsoft.DotNet.Interactive.Kernel;").Distinct())
        {
            app.AppendLine(directive);
        }

        app.AppendLine()
            .AppendLine("// Relative paths in the notebook are relative to its folder.")
            .AppendLine(CultureInfo.InvariantCulture, $"Directory.SetCurrentDirectory(Path.GetFullPath(Path.Combine((string)AppContext.GetData(\"EntryPointFileDirectoryPath\")!, \"{Path.GetRelativePath(outDir, notebookFolder).Replace('\\', '/')}\")));")
            .Append(body);
        Directory.CreateDirectory(outDir);
        var file = Path.Combine(outDir, Path.GetFileNameWithoutExtension(path) + ".cs");
        AtomicFile.WriteAllText(file, app.ToString());
        return file;
    }

    /// <summary>The command the kernel's parser adds after a cell's <c>#r "nuget:..."</c> lines: restore them (a package line here).</summary>
    private const string RestoreDirective = "Directive: #!nuget-restore";

    /// <summary>Kernel extensions (Plotly.NET.Interactive, ...) only work in a kernel; by convention their names end so.</summary>
    private static bool IsKernelExtension(string package) => package.EndsWith(".Interactive", StringComparison.OrdinalIgnoreCase);

    /// <summary>The packages (direct and transitive) the project's lock file records, for its first target framework.</summary>
    private static IEnumerable<(string Name, string? Version)> LockedPackages(string project)
    {
        var lockFile = Path.Combine(Path.GetDirectoryName(project)!, "packages.lock.json");
        if (!File.Exists(lockFile))
        {
            return [];
        }

        using var json = JsonDocument.Parse(File.ReadAllText(lockFile));
        var framework = json.RootElement.GetProperty("dependencies").EnumerateObject().First().Value;
        return [.. framework.EnumerateObject()
            .Where(p => p.Value.GetProperty("type").GetString() != "Project")
            .Select(p => (p.Name, p.Value.TryGetProperty("resolved", out var v) ? v.GetString() : null))];
    }

    /// <summary>src/<paramref name="name"/>/<paramref name="name"/>.csproj in the nearest folder at or above <paramref name="folder"/> that has one, or null.</summary>
    private static string? RepositoryProject(string name, string? folder)
    {
        for (var dir = folder; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var project = Path.Combine(dir, "src", name, name + ".csproj");
            if (File.Exists(project))
            {
                return project;
            }
        }

        return null;
    }
}
