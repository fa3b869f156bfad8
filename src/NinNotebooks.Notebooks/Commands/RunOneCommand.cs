using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NinNotebooks.Platform;

namespace NinNotebooks.Notebooks.Commands;

/// <summary>The child side of <see cref="NotebookProcess"/> (<c>nin-notebooks run-one</c>): runs one notebook and leaves its result as JSON.</summary>
internal static class RunOneCommand
{
    public static Command Create()
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
                return NotebooksApp.Failure;
            }

            output.Flush();
            if (runner.Abandoned)
            {
                // A cell ignored the kernel's cancel command and still runs; only ending the process stops it.
                Environment.Exit(NotebooksApp.Failure);
            }

            return result.Succeeded ? NotebooksApp.Success : NotebooksApp.Failure;
        });
        return runOne;
    }

    private static string Line(CellReport cell) => string.Create(CultureInfo.InvariantCulture,
        $"  cell {cell.Number,3}  {cell.Status.ToString().ToLowerInvariant(),-8} {cell.Duration.TotalSeconds,8:0.000} s  {Shorten(cell.FirstLine)}");

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";
}
