using System.Diagnostics;
using System.Reactive.Linq;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Platform;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Runs one notebook in the .NET Interactive kernel (<see cref="NotebookKernel"/>), like papermill: reads a .ipynb or
/// .dib, injects parameters, submits its code cells one by one from the notebook's folder, and writes an executed .ipynb
/// copy with the outputs as VS Code keeps them (<see cref="OutputRecorder"/>). The source notebook is never changed, and
/// a notebook that cannot be read, or has a cell for a kernel other than C#, leaves nothing in the output folder.
/// </summary>
/// <remarks>
/// One notebook per process, as VS Code starts one kernel per notebook: see <c>nin notebooks run</c>. The kernel comes
/// from <paramref name="createKernel"/>, by default the real one (<see cref="NotebookKernel.Create"/>); a test passes a
/// kernel of its own to run the runner in-process. Its C# kernel must be named <see cref="NotebookKernel.CSharp"/>.
/// </remarks>
/// <param name="options">The options every run uses.</param>
/// <param name="createKernel">Builds the kernel for one notebook; the runner disposes it after the run.</param>
public sealed class NotebookRunner(NotebookRunOptions options, Func<CompositeKernel>? createKernel = null)
{
    /// <summary>How long the kernel gets to cancel a cell that timed out.</summary>
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);

    /// <summary>Called with a cell's number and first line just before the cell is submitted.</summary>
    public Action<int, string>? CellStarting { get; init; }

    /// <summary>The options every run uses.</summary>
    public NotebookRunOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>
    /// True after a cell timed out: the kernel's cancel command ends the command, not the code, which may still be
    /// running, so the process should end once the result is written.
    /// </summary>
    public bool Abandoned { get; private set; }

    /// <summary>
    /// Runs the notebook at <paramref name="path"/>, reporting each finished cell to <paramref name="cellDone"/>, and writes
    /// the executed copy to <paramref name="executedCopy"/> (by default the notebook's name in the output folder, <see cref="RunPlan.CopyPath"/>).
    /// </summary>
    public NotebookRunResult Run(string path, string? executedCopy = null, Action<CellReport>? cellDone = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        var copy = Path.GetFullPath(executedCopy ?? RunPlan.CopyPath(Options.OutputDirectory, fullPath));
        if (string.Equals(copy, fullPath, StringComparison.Ordinal))
        {
            return new NotebookRunResult(fullPath, null, [],
                $"{fullPath}: the executed copy would overwrite the notebook itself; choose an output folder other than the notebook's own.");
        }

        InteractiveDocument notebook;
        try
        {
            notebook = NotebookDocument.Load(fullPath);
        }
        catch (InvalidDataException e)
        {
            return new NotebookRunResult(fullPath, null, [], e.Message);
        }

        var foreign = notebook.Elements.Select((c, i) => (Cell: c, Number: i + 1))
            .FirstOrDefault(x => !x.Cell.IsMarkdown() && x.Cell.KernelName != NotebookKernel.CSharp);
        if (foreign.Cell is not null)
        {
            return new NotebookRunResult(fullPath, null, [],
                $"{fullPath}: cell {foreign.Number} ({foreign.Cell.FirstLine()}) is for the {foreign.Cell.KernelName} kernel; nin notebooks run executes C# cells only.");
        }

        if (Options.Parameters.Count > 0)
        {
            NotebookParameters.Inject(notebook, Options.Parameters);
        }

        var clock = Stopwatch.StartNew();
        var kernel = (createKernel ?? RealKernel)();
        var kernelStart = clock.Elapsed;
        List<CellReport> reports;
        try
        {
            reports = RunCells(kernel, notebook, Path.GetDirectoryName(fullPath)!, cellDone);
        }
        finally
        {
            // After a timeout the cell's code may still run; disposing the kernel under it could wait for it.
            if (!Abandoned)
            {
                kernel.Dispose();
            }
        }

        OfflineCharts.IncludeLibrary(notebook);
        notebook.Metadata[RunPlan.CopyMarker] = Path.GetFileName(fullPath);
        try
        {
            AtomicFile.WriteAllText(copy, NotebookDocument.ToIpynb(notebook));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk is not the cell's fault: say what could not be written.
            return new NotebookRunResult(fullPath, null, reports, $"{fullPath}: could not write the executed copy {copy} ({ErrorText.Of(e)}).") { KernelStart = kernelStart };
        }

        return new NotebookRunResult(fullPath, copy, reports, null) { KernelStart = kernelStart };
    }

    private CompositeKernel RealKernel()
    {
        CompilerWarmUp.Start();
        return NotebookKernel.Create(Options.TorchBackend);
    }

    private List<CellReport> RunCells(CompositeKernel kernel, InteractiveDocument notebook, string directory, Action<CellReport>? cellDone)
    {
        var recorder = new OutputRecorder();
        using var events = kernel.KernelEvents.Subscribe(recorder.On);
        var reports = new List<CellReport>();
        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = directory;
        try
        {
            var stop = false;
            var count = 0;
            for (var i = 0; i < notebook.Elements.Count; i++)
            {
                var cell = notebook.Elements[i];
                if (cell.IsMarkdown())
                {
                    continue;
                }

                cell.Outputs.Clear();
                cell.ExecutionOrder = 0;
                CellReport report;
                if (stop)
                {
                    report = new CellReport(i + 1, cell.FirstLine(), CellStatus.Skipped, TimeSpan.Zero, null);
                }
                else
                {
                    cell.ExecutionOrder = ++count;
                    CellStarting?.Invoke(i + 1, cell.FirstLine());
                    var outputs = new List<OutputRecorder.Output>();
                    report = RunCell(kernel, recorder, cell, i + 1, outputs);
                    cell.Outputs.AddRange(recorder.Elements(outputs));
                    stop = Abandoned || (report.Status != CellStatus.Passed && !Options.ContinueOnError);
                }

                reports.Add(report);
                cellDone?.Invoke(report);
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }

        return reports;
    }

    private CellReport RunCell(CompositeKernel kernel, OutputRecorder recorder, InteractiveDocumentElement cell, int number, List<OutputRecorder.Output> outputs)
    {
        var clock = Stopwatch.StartNew();
        var command = new SubmitCode(TorchPackages.ForBackend(cell.Contents, Options.TorchBackend), NotebookKernel.CSharp);
        KernelCommandResult? result;
        using (recorder.Record(command, outputs))
        {
            var send = kernel.SendAsync(command);
            if (!send.Wait(Options.CellTimeout))
            {
                kernel.SendAsync(new Cancel()).Wait(CancelGrace);
                send.Wait(CancelGrace);
                Abandoned = true;
                var message = $"The cell did not finish within {Options.CellTimeout.TotalSeconds:0.#} s; the rest of the notebook was not run.";
                recorder.AddError(outputs, message);
                return new CellReport(number, cell.FirstLine(), CellStatus.TimedOut, clock.Elapsed, message);
            }

            result = send.Result;
        }

        var failed = result.Events.OfType<Microsoft.DotNet.Interactive.Events.CommandFailed>().FirstOrDefault(f => ReferenceEquals(f.Command, command));
        return failed is null
            ? new CellReport(number, cell.FirstLine(), CellStatus.Passed, clock.Elapsed, null)
            : new CellReport(number, cell.FirstLine(), CellStatus.Failed, clock.Elapsed, failed.Message);
    }
}
