using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NinNotebooks.Notebooks;
using NinNotebooks.Notebooks.Export;

namespace NinNotebooks.Cli.Commands;

/// <summary><c>nin notebooks run</c>: execute Polyglot C# notebooks headlessly, like papermill.</summary>
internal static class NotebooksCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("notebooks") { Description = "Notebook files (.ipynb, .dib) or folders holding them.", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Folder for the executed copies and junit.xml (default runs/notebooks).", DefaultValueFactory = _ => Path.Combine("runs", "notebooks") };
        var parameters = new Option<string[]>("--param") { Description = "name=value, injected after the cell tagged `parameters` (int, double, bool or string); repeatable.", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one cell may run (default 600).", DefaultValueFactory = _ => 600 };
        var continueOnError = new Option<bool>("--continue-on-error") { Description = "Run the remaining cells after a failing one." };
        var backend = new Option<string>("--torch-backend")
        {
            Description = "cpu or cuda: with cuda, #r \"nuget: TorchSharp-cpu, V\" restores TorchSharp's CUDA build instead (default: $NIN_TORCH_BACKEND, else cpu).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NIN_TORCH_BACKEND") is { Length: > 0 } b ? b : "cpu",
        };
        var junit = new Option<string?>("--junit") { Description = "Where to write the JUnit XML report (default <out>/junit.xml)." };
        var run = new Command("run", "Run notebooks cell by cell, write executed copies with their outputs, print a per-cell report; exit code 1 when any cell fails.")
        {
            paths, outDir, parameters, timeout, continueOnError, backend, junit,
        };
        var inProcess = new Option<bool>("--in-process") { Description = "Run every notebook inside this process (by default each gets its own, as a kernel would).", Hidden = true };
        run.Options.Add(inProcess);
        run.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var options = Options(parse, outDir, parameters, timeout, continueOnError, backend);
                var results = new List<NotebookRunResult>();
                foreach (var file in Expand(parse.GetRequiredValue(paths)))
                {
                    output.WriteLine(file);
                    var result = parse.GetValue(inProcess)
                        ? new NotebookRunner(options).Run(file, cell => output.WriteLine(Line(cell)))
                        : NotebookProcess.Run(file, parse.Tokens.Select(t => t.Value).ToList(), output, error);
                    results.Add(result);
                    if (result.Failure is { } failure)
                    {
                        error.WriteLine($"error: {failure}");
                    }
                    else
                    {
                        output.WriteLine($"  -> {result.ExecutedCopy}");
                    }
                }

                var report = parse.GetValue(junit) ?? Path.Combine(options.OutputDirectory, "junit.xml");
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(report))!);
                JUnitReport.Create(results).Save(report);
                var failed = results.Count(r => !r.Succeeded);
                output.WriteLine($"{results.Count - failed} of {results.Count} notebooks passed; report: {report}");
                return failed == 0 ? NinApp.Success : NinApp.Failure;
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"error: {ErrorText.Of(e)}");
                return NinApp.Failure;
            }
        });

        // The child side of NotebookProcess: runs one notebook and leaves its result as JSON.
        var notebook = new Argument<string>("notebook");
        var resultFile = new Option<string>("--result") { Required = true };
        var runOne = new Command("run-one", "Run one notebook in this process and write its result as JSON (used by `run`).")
        {
            notebook, outDir, parameters, timeout, continueOnError, backend, resultFile,
        };
        runOne.Hidden = true;
        runOne.SetAction(parse =>
        {
            var options = Options(parse, outDir, parameters, timeout, continueOnError, backend);
            var output = parse.InvocationConfiguration.Output;
            var result = new NotebookRunner(options).Run(parse.GetRequiredValue(notebook), cell => output.WriteLine(Line(cell)));
            File.WriteAllText(parse.GetRequiredValue(resultFile), JsonSerializer.Serialize(result));
            return result.Succeeded ? NinApp.Success : NinApp.Failure;
        });

        return new Command("notebooks", "Work with the notebook series: run notebooks headlessly, export them.") { run, runOne, Export() };
    }

    private static Command Export()
    {
        var paths = new Argument<string[]>("notebooks") { Description = "Executed notebooks (.ipynb) or folders holding them (e.g. runs/notebooks).", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "html: a static site of executed notebooks (index, one page each, plotly.js and CSS copied once). cs: one .NET 10 file-based app per notebook (dotnet run FILE.cs).", Required = true };
        var outDir = new Option<string>("--out") { Description = "The folder to write (created; an earlier book written there is replaced, any other folder that is not empty is refused).", Required = true };
        var parameters = new Option<string[]>("--param") { Description = "cs only: name=value assigned after the notebook's parameters cell; repeatable.", AllowMultipleArgumentsPerToken = false };
        var export = new Command("export", "Turn notebooks into an offline HTML book or into file-based apps.") { paths, to, outDir, parameters };
        export.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var files = Expand(parse.GetRequiredValue(paths));
                var values = (parse.GetValue(parameters) ?? []).Select(NotebookParameters.Parse).ToList();
                switch (parse.GetRequiredValue(to))
                {
                    case "html":
                        var pages = HtmlBook.Write([.. files.Where(f => f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))], parse.GetRequiredValue(outDir));
                        output.WriteLine($"{pages.Count - 1} notebook page(s) and an index: {pages[0]}");
                        break;
                    case "cs":
                        foreach (var file in files)
                        {
                            output.WriteLine(FileBasedApp.Write(file, parse.GetRequiredValue(outDir), values));
                        }

                        break;
                    case var other:
                        throw new ArgumentException($"--to: expected html or cs, got '{other}'.");
                }

                return NinApp.Success;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: {ErrorText.Of(e)}");
                return NinApp.Failure;
            }
        });
        return export;
    }

    private static NotebookRunOptions Options(ParseResult parse, Option<string> outDir, Option<string[]> parameters, Option<double> timeout, Option<bool> continueOnError, Option<string> backend) => new()
    {
        OutputDirectory = Path.GetFullPath(parse.GetRequiredValue(outDir)),
        Parameters = [.. (parse.GetValue(parameters) ?? []).Select(NotebookParameters.Parse)],
        CellTimeout = parse.GetValue(timeout) is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException("--timeout must be a positive number of seconds."),
        ContinueOnError = parse.GetValue(continueOnError),
        TorchBackend = parse.GetRequiredValue(backend) switch
        {
            "cpu" => "cpu",
            "cuda" => "cuda",
            var other => throw new ArgumentException($"--torch-backend: expected cpu or cuda, got '{other}'."),
        },
    };

    private static string Line(CellReport cell) => string.Create(CultureInfo.InvariantCulture,
        $"  cell {cell.Number,3}  {cell.Status.ToString().ToLowerInvariant(),-8} {cell.Duration.TotalSeconds,8:0.000} s  {Shorten(cell.FirstLine)}");

    /// <summary>Files as given; folders become their .ipynb and .dib files in name order. Missing paths are kept (the runner reports them).</summary>
    private static List<string> Expand(string[] paths) =>
        [.. paths.SelectMany<string, string>(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p).Where(f => f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".dib", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)
            : [p])];

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";
}
