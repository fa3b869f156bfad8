using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NinNotebooks.Notebooks.Export;

namespace NinNotebooks.Notebooks;

/// <summary>
/// The <c>nin-notebooks</c> program behind <c>nin notebooks</c>: <c>run</c> executes notebooks in the .NET Interactive
/// kernel, one process per notebook (<see cref="NotebookProcess"/>), and <c>export</c> turns them into a book or programs.
/// </summary>
internal static class NotebooksApp
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a failed notebook, bad input or bad options; the error output says which.</summary>
    public const int Failure = 1;

    /// <summary>The longest cell timeout: the most milliseconds a wait can take (int.MaxValue), in whole seconds.</summary>
    private const double MaxTimeoutSeconds = int.MaxValue / 1000;

    /// <summary>Parses <paramref name="args"/>, runs the command, and returns its exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("nin notebooks: run notebooks in the .NET Interactive kernel, export them.") { RunCommand(), RunOneCommand(), ExportCommand(), BenchCommand(), FailingCellsCommand() };
        // No response files: --param @x=1 and a notebook named @x.ipynb are values, not files of further arguments.
        return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Command RunCommand()
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
        var run = new Command("run", "Run notebooks cell by cell in the .NET Interactive kernel, write executed copies with their outputs, print a per-cell report; exit code 1 when any cell fails.")
        {
            paths, outDir, parameters, timeout, continueOnError, backend, junit,
        };
        run.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            NotebookRunOptions options;
            RunPlan plan;
            try
            {
                options = new NotebookRunOptions
                {
                    OutputDirectory = Path.GetFullPath(parse.GetRequiredValue(outDir)),
                    Parameters = [.. (parse.GetValue(parameters) ?? []).Select(NotebookParameters.Parse)],
                    CellTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout) is > 0 and <= MaxTimeoutSeconds and var seconds
                        ? seconds
                        : throw new ArgumentException($"--timeout must be a number of seconds above 0 and at most {MaxTimeoutSeconds:N0} (24 days).")),
                    ContinueOnError = parse.GetValue(continueOnError),
                    TorchBackend = parse.GetRequiredValue(backend) is "cpu" or "cuda" ? parse.GetRequiredValue(backend) : throw new ArgumentException($"--torch-backend: expected cpu or cuda, got '{parse.GetRequiredValue(backend)}'."),
                };
                plan = RunPlan.Create(Expand(parse.GetRequiredValue(paths)), options.OutputDirectory, parse.GetValue(junit));
            }
            catch (Exception e) when (e is ArgumentException or IOException)
            {
                error.WriteLine($"error: {ErrorText.Of(e)}");
                return Failure;
            }

            using (plan)
            {
                var results = new List<NotebookRunResult>();
                foreach (var (file, copy) in plan.Notebooks)
                {
                    output.WriteLine(file);
                    var result = NotebookProcess.Run(file, plan.StagedCopy(copy), options, output);
                    if (ChildProgram.Interrupted != 0)
                    {
                        error.WriteLine($"error: stopped by a signal while {file} ran; {plan.OutputDirectory} is as it was before this run, and the notebooks after it were not run.");
                        return ChildProgram.Interrupted;
                    }

                    results.Add(result);
                    if (result.Failure is { } failure)
                    {
                        error.WriteLine($"error: {failure}");
                    }
                }

                try
                {
                    results = [.. plan.Commit(results)];
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"error: could not write the report {plan.Report} ({ErrorText.Of(e)}); {plan.OutputDirectory} is as it was before this run.");
                    return Failure;
                }

                foreach (var copy in results.Select(r => r.ExecutedCopy).OfType<string>())
                {
                    output.WriteLine($"  -> {copy}");
                }

                var failed = results.Count(r => !r.Succeeded);
                output.WriteLine($"{results.Count - failed} of {results.Count} notebooks passed; report: {plan.Report}");
                return failed == 0 ? Success : Failure;
            }
        });
        return run;
    }

    /// <summary>The child side of <see cref="NotebookProcess"/>: runs one notebook and leaves its result as JSON.</summary>
    private static Command RunOneCommand()
    {
        var notebook = new Argument<string>("notebook");
        var copy = new Option<string>("--copy") { Required = true };
        var optionsFile = new Option<string>("--options") { Required = true };
        var resultFile = new Option<string>("--result") { Required = true };
        var runOne = new Command("run-one", "Run one notebook in this process and write its result as JSON (used by `run`).") { notebook, copy, optionsFile, resultFile };
        runOne.Hidden = true;
        runOne.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var runner = new NotebookRunner(RunOptionsFile.Load(parse.GetRequiredValue(optionsFile)))
            {
                CellStarting = (number, _) =>
                {
                    output.WriteLine(NotebookProcess.CellStartLine(number));
                    output.Flush();
                },
            };
            var result = runner.Run(parse.GetRequiredValue(notebook), parse.GetRequiredValue(copy), cell => output.WriteLine(Line(cell)));
            try
            {
                AtomicFile.WriteAllText(parse.GetRequiredValue(resultFile), JsonSerializer.Serialize(result));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The pipe to the parent needs no disk: say there what went wrong, and what could not be written.
                output.WriteLine(NotebookProcess.FailureLine(result.Failure
                    ?? $"{result.Notebook}: could not write the result of the run to {parse.GetRequiredValue(resultFile)} ({ErrorText.Of(e)})."));
                output.Flush();
                return Failure;
            }

            output.Flush();
            if (runner.Abandoned)
            {
                // A cell ignored the kernel's cancel command and still runs; only ending the process stops it.
                Environment.Exit(Failure);
            }

            return result.Succeeded ? Success : Failure;
        });
        return runOne;
    }

    /// <summary>The measuring side of <c>nin bench notebooks</c>: prints the figures as one JSON line.</summary>
    private static Command BenchCommand()
    {
        var cells = new Option<int>("--cells") { DefaultValueFactory = _ => 50 };
        var bench = new Command("bench", "Time the kernel host on trivial cells (used by `nin bench notebooks`).") { cells };
        bench.Hidden = true;
        bench.SetAction(parse => parse.InvocationConfiguration.Output.WriteLine(KernelBench.Run(parse.GetValue(cells))));
        return bench;
    }

    /// <summary>Which cells of an executed notebook show an error (any runner's copy: this one's, dotnet-repl's, VS Code's).</summary>
    private static Command FailingCellsCommand()
    {
        var notebook = new Argument<string>("notebook");
        var command = new Command("failing-cells", "Print the numbers of the cells of an executed notebook that show an error, one line.") { notebook };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var executed = NotebookDocument.Load(parse.GetRequiredValue(notebook));
            var failing = executed.Elements.Select((c, i) => (c, i + 1)).Where(x => x.c.Outputs.Any(o => o is Microsoft.DotNet.Interactive.Documents.ErrorElement)).Select(x => x.Item2);
            parse.InvocationConfiguration.Output.WriteLine(string.Join(' ', failing));
        });
        return command;
    }

    private static Command ExportCommand()
    {
        var paths = new Argument<string[]>("notebooks") { Description = "Executed notebooks (.ipynb) or folders holding them (e.g. runs/notebooks).", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "html: a static site of executed notebooks (index, one page each, plotly.js and CSS copied once). cs: one .NET 10 file-based app per notebook (dotnet run FILE.cs).", Required = true };
        var outDir = new Option<string>("--out") { Description = "The folder to write (created). html: an earlier book written there is replaced, any other folder that is not empty is refused. cs: name.cs per notebook (name-2.cs, ... for same names); only an unchanged app of this exporter is replaced.", Required = true };
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
                        foreach (var app in FileBasedApp.WriteAll(files, parse.GetRequiredValue(outDir), values))
                        {
                            output.WriteLine(app);
                        }

                        break;
                    case var other:
                        throw new ArgumentException($"--to: expected html or cs, got '{other}'.");
                }

                return Success;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: {ErrorText.Of(e)}");
                return Failure;
            }
        });
        return export;
    }

    private static string Line(CellReport cell) => string.Create(CultureInfo.InvariantCulture,
        $"  cell {cell.Number,3}  {cell.Status.ToString().ToLowerInvariant(),-8} {cell.Duration.TotalSeconds,8:0.000} s  {Shorten(cell.FirstLine)}");

    /// <summary>
    /// Files as given; folders become their .ipynb and .dib files in name order. Missing paths are kept (the runner
    /// reports them). A folder without a notebook is an error, so a wrong path cannot make an empty run pass.
    /// </summary>
    /// <exception cref="ArgumentException">A folder holds no notebook; the message names it.</exception>
    private static List<string> Expand(string[] paths) =>
        [.. paths.SelectMany<string, string>(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p).Where(f => f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".dib", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } found
                ? found
                : throw new ArgumentException($"no notebook found: {Path.GetFullPath(p)} is a folder with no .ipynb or .dib file in it.")
            : [p])];

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";
}
