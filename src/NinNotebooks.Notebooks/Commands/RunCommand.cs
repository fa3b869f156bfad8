using System.CommandLine;
using NinNotebooks.Platform;

namespace NinNotebooks.Notebooks.Commands;

/// <summary><c>nin notebooks run</c>: executes notebooks in the .NET Interactive kernel, one process per notebook (<see cref="NotebookProcess"/>).</summary>
internal static class RunCommand
{
    /// <summary>The longest cell timeout: the most milliseconds a wait can take (int.MaxValue), in whole seconds.</summary>
    private const double MaxTimeoutSeconds = int.MaxValue / 1000;

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
                plan = RunPlan.Create(NotebooksApp.Expand(parse.GetRequiredValue(paths)), options.OutputDirectory, parse.GetValue(junit));
            }
            catch (Exception e) when (e is ArgumentException or IOException)
            {
                error.WriteLine($"error: {ErrorText.Of(e)}");
                return NotebooksApp.Failure;
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
                    return NotebooksApp.Failure;
                }

                foreach (var copy in results.Select(r => r.ExecutedCopy).OfType<string>())
                {
                    output.WriteLine($"  -> {copy}");
                }

                var failed = results.Count(r => !r.Succeeded);
                output.WriteLine($"{results.Count - failed} of {results.Count} notebooks passed; report: {plan.Report}");
                return failed == 0 ? NotebooksApp.Success : NotebooksApp.Failure;
            }
        });
        return run;
    }
}
