using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using NinNotebooks.Setup;

namespace NinNotebooks.Notebooks;

/// <summary>
/// One notebook's C# session, as the .NET Interactive C# kernel keeps it: one chain of Roslyn script submissions that
/// share variables, the kernel's default imports, <c>display</c>/<c>HTML</c>/<c>x.Display()</c>, Microsoft.DotNet.Interactive.Formatting,
/// and packages restored by <c>#r "nuget:..."</c>. Relative paths resolve against the notebook's folder.
/// </summary>
internal sealed class NotebookSession
{
    /// <summary>Kernel extension packages the executor stands in for, and the chart library each one needs.</summary>
    internal static readonly Dictionary<string, string> ProvidedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Plotly.NET.Interactive"] = "Plotly.NET",
        ["XPlot.Plotly.Interactive"] = "XPlot.Plotly",
    };

    /// <summary>The Plotly.NET version whose embedded plotly.js serves XPlot charts when the notebook has no Plotly.NET.</summary>
    private const string PlotlyNetForScript = "6.0.0";

    private static readonly string[] Imports = ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private readonly PackageRestorer _restorer;
    private readonly List<PackageReference> _packages = [];
    private readonly List<string> _sources = [];
    private readonly Dictionary<string, List<CellOutput>> _displays = [];
    private readonly ValueFormatter _formatter;
    private readonly string _workingDirectory;
    private readonly string _torchBackend;
    private ScriptOptions _options;
    private ScriptState<object>? _state;

    public NotebookSession(string workingDirectory, PackageRestorer restorer, string torchBackend = "cpu")
    {
        _torchBackend = torchBackend;
        _restorer = restorer;
        _workingDirectory = workingDirectory;
        _formatter = new ValueFormatter(new ChartHtml(PlotlyNetAssembly));
        _options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithImports(Imports)
            .AddReferences(typeof(Enumerable).Assembly, typeof(List<>).Assembly, typeof(Task<>).Assembly, typeof(Kernel).Assembly,
                typeof(Formatter).Assembly, typeof(Microsoft.AspNetCore.Html.IHtmlContent).Assembly)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(workingDirectory))
            .WithSourceResolver(new SourceFileResolver([], workingDirectory))
            .WithEmitDebugInformation(false);
        Formatter.ResetToDefault();
    }

    /// <summary>Runs one cell's source, adding its outputs to <paramref name="outputs"/>; true when it succeeded.</summary>
    public bool Run(string source, List<CellOutput> outputs, CancellationToken cancellation)
    {
        var cell = new CellOutputs(outputs, _displays, _formatter);
        var directives = CellDirectives.Parse(source);
        if (directives.Error is { } error)
        {
            cell.Add(ErrorOutput.From(error));
            return false;
        }

        var clock = Stopwatch.StartNew();
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(new CapturingWriter(text => cell.Write("stdout", text)));
        Console.SetError(new CapturingWriter(text => cell.Write("stderr", text)));
        KernelEvents.Sink = cell.Display;
        try
        {
            if ((directives.Packages.Count > 0 || directives.Sources.Count > 0) && !AddPackages(directives, cell))
            {
                return false;
            }

            var succeeded = Execute(directives.Code, cell, cancellation);
            if (directives.Time)
            {
                cell.Add(new DisplayOutput(new Dictionary<string, string> { ["text/plain"] = string.Create(CultureInfo.InvariantCulture, $"Wall time: {clock.Elapsed.TotalMilliseconds:0.###}ms") }));
            }

            return succeeded;
        }
        finally
        {
            KernelEvents.Sink = null;
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    private bool Execute(string code, CellOutputs cell, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return true;
        }

        // Hidden first submission, as the C# kernel does: display(), HTML() etc. without a using.
        _state ??= CSharpScript.RunAsync("using static Microsoft.DotNet.Interactive.Kernel;", _options, cancellationToken: cancellation).GetAwaiter().GetResult();
        Exception? thrown = null;
        try
        {
            var next = _state.ContinueWithAsync(code, _options, e => { thrown = e; return true; }, cancellation).GetAwaiter().GetResult();
            _state = next;
            thrown ??= next.Exception;
            if (thrown is null && HasReturnValue(next) && next.ReturnValue is not DisplayedValue)
            {
                cell.Add(new DisplayOutput(_formatter.Format(next.ReturnValue, [])));
            }
        }
        catch (CompilationErrorException e)
        {
            cell.Add(ErrorOutput.From(string.Join(Environment.NewLine, e.Diagnostics.Select(d => d.ToString()))));
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            thrown = e;
        }

        if (thrown is not null)
        {
            cell.Add(ErrorOutput.From((thrown is TargetInvocationException { InnerException: { } inner } ? inner : thrown).ToString()));
            return false;
        }

        return true;
    }

    /// <summary>True when the last submission ends in an expression without a semicolon (its value is the cell's result).</summary>
    private static bool HasReturnValue(ScriptState<object> state) =>
        state.Script.GetCompilation().SyntaxTrees.LastOrDefault()?.GetRoot() is CompilationUnitSyntax unit
        && unit.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } };

    /// <summary>The loaded Plotly.NET assembly, or one restored just for its embedded plotly.js.</summary>
    private System.Reflection.Assembly? PlotlyNetAssembly() =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Plotly.NET")
        ?? _restorer.Restore([new PackageReference("Plotly.NET", PlotlyNetForScript)], []).Assemblies
            .Where(a => Path.GetFileName(a) == "Plotly.NET.dll").Select(System.Reflection.Assembly.LoadFrom).FirstOrDefault();

    private bool AddPackages(CellDirectives directives, CellOutputs cell)
    {
        var packages = directives.Packages.Select(p => p.ForTorchBackend(_torchBackend)).ToList();
        var provided = packages.Where(p => ProvidedExtensions.ContainsKey(p.Name)).ToList();
        var wanted = packages.Except(provided).ToList();

        // Kernel extensions need the deprecated kernel; the executor renders their charts itself and only needs
        // the chart library (in the extension's version, unless the notebook asks for the library itself).
        wanted.AddRange(provided.Select(p => p with { Name = ProvidedExtensions[p.Name] })
            .Where(p => !wanted.Concat(_packages).Any(w => string.Equals(w.Name, p.Name, StringComparison.OrdinalIgnoreCase))));
        foreach (var package in wanted)
        {
            var existing = _packages.FirstOrDefault(p => string.Equals(p.Name, package.Name, StringComparison.OrdinalIgnoreCase));
            if (existing is null)
            {
                _packages.Add(package);
            }
            else if (existing.Version != package.Version && package.Version is not null)
            {
                cell.Add(ErrorOutput.From($"{package.Name} version {package.Version} cannot be added because version {existing.Version ?? "*"} was added previously."));
                return false;
            }
        }

        // A local feed given as a relative path is relative to the notebook's folder, like every other path.
        var sources = directives.Sources.Select(s => s.Contains("://", StringComparison.Ordinal) ? s : Path.GetFullPath(s, _workingDirectory));
        _sources.AddRange(sources.Except(_sources));
        if (_packages.Count == 0)
        {
            return true;
        }

        RestoreResult result;
        try
        {
            result = _restorer.Restore(_packages, _sources);
        }
        catch (PackageRestoreException e)
        {
            cell.Add(ErrorOutput.From(e.Message));
            return false;
        }

        PackageLoader.Register(result);
        _options = _options.AddReferences(result.Assemblies.Select(a => MetadataReference.CreateFromFile(a)));
        foreach (var torchSharp in result.Assemblies.Where(a => Path.GetFileName(a) == "TorchSharp.dll"))
        {
            NativeCompatibility.Ensure(Path.GetDirectoryName(torchSharp));
        }

        var installed = packages.Except(provided).Select(p => result.Packages.FirstOrDefault(r => r.StartsWith(p.Name + ",", StringComparison.OrdinalIgnoreCase)) ?? p.ToString())
            .Concat(provided.Select(p => $"{p} (provided by nin notebooks run: charts render offline)"));
        cell.Add(new DisplayOutput(new Dictionary<string, string> { ["text/plain"] = "Installed Packages" + string.Concat(installed.Select(p => $"\n - {p}")) }));
        return true;
    }
}
