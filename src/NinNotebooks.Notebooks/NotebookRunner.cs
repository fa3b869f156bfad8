using System.Diagnostics;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Runs notebooks headlessly: reads a .ipynb or .dib, injects parameters, runs its C# cells in one session from the
/// notebook's folder, and writes an executed .ipynb copy (outputs stored as VS Code stores them) into the output folder.
/// The source notebook is never changed, and a notebook that cannot be read leaves nothing in the output folder.
/// </summary>
public sealed class NotebookRunner(NotebookRunOptions options)
{
    private readonly PackageRestorer _restorer = new(options?.PackageCache);

    /// <summary>The options every run uses.</summary>
    public NotebookRunOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Runs the notebook at <paramref name="path"/>, reporting each finished cell to <paramref name="cellDone"/>.</summary>
    public NotebookRunResult Run(string path, Action<CellReport>? cellDone = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        var copy = Path.Combine(Path.GetFullPath(Options.OutputDirectory), Path.GetFileNameWithoutExtension(fullPath) + ".ipynb");
        if (string.Equals(copy, fullPath, StringComparison.Ordinal))
        {
            return new NotebookRunResult(fullPath, null, [],
                $"{fullPath}: the executed copy would overwrite the notebook itself; choose an output folder other than the notebook's own.");
        }

        Notebook notebook;
        try
        {
            notebook = Notebook.Load(fullPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            return new NotebookRunResult(fullPath, null, [], e.Message);
        }

        var foreign = notebook.Cells.Select((c, i) => (Cell: c, Number: i + 1))
            .FirstOrDefault(x => x.Cell.Kind == CellKind.Code && notebook.KernelOf(x.Cell) != "csharp");
        if (foreign.Cell is not null)
        {
            return new NotebookRunResult(fullPath, null, [],
                $"{fullPath}: cell {foreign.Number} ({foreign.Cell.FirstLine}) is for the {notebook.KernelOf(foreign.Cell)} kernel; nin notebooks run executes C# cells only.");
        }

        if (Options.Parameters.Count > 0)
        {
            NotebookParameters.Inject(notebook, Options.Parameters);
        }

        var reports = RunCells(notebook, Path.GetDirectoryName(fullPath)!, cellDone);
        AtomicFile.WriteAllText(copy, Ipynb.Write(notebook));
        return new NotebookRunResult(fullPath, copy, reports, null);
    }

    private List<CellReport> RunCells(Notebook notebook, string directory, Action<CellReport>? cellDone)
    {
        var reports = new List<CellReport>();
        var session = new NotebookSession(directory, _restorer, Options.TorchBackend);
        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = directory;
        try
        {
            var stop = false;
            var count = 0;
            for (var i = 0; i < notebook.Cells.Count; i++)
            {
                var cell = notebook.Cells[i];
                if (cell.Kind != CellKind.Code)
                {
                    continue;
                }

                cell.Outputs.Clear();
                cell.ExecutionCount = null;
                CellReport report;
                if (stop)
                {
                    report = new CellReport(i + 1, cell.FirstLine, CellStatus.Skipped, TimeSpan.Zero, null);
                }
                else
                {
                    cell.ExecutionCount = ++count;
                    report = RunCell(session, cell, i + 1, out var abandon);
                    stop = abandon || (report.Status != CellStatus.Passed && !Options.ContinueOnError);
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

    private CellReport RunCell(NotebookSession session, NotebookCell cell, int number, out bool abandon)
    {
        abandon = false;
        var clock = Stopwatch.StartNew();
        var outputs = cell.Outputs;
        using var cancellation = new CancellationTokenSource();

        // A dedicated thread, so a cell that never returns can be abandoned when the timeout passes.
        var run = Task.Factory.StartNew(() => session.Run(cell.Source, outputs, cancellation.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        CellStatus status;
        string? message = null;
        if (run.Wait(Options.CellTimeout))
        {
            status = run.Result ? CellStatus.Passed : CellStatus.Failed;
        }
        else
        {
            cancellation.Cancel();
            status = CellStatus.TimedOut;
            abandon = true;
            message = $"The cell did not finish within {Options.CellTimeout.TotalSeconds:0.#} s; the rest of the notebook was not run.";
            lock (outputs)
            {
                outputs.Add(ErrorOutput.From(message));
            }
        }

        lock (outputs)
        {
            message ??= outputs.OfType<ErrorOutput>().LastOrDefault()?.Value;
        }

        return new CellReport(number, cell.FirstLine, status, clock.Elapsed, status == CellStatus.Passed ? null : message);
    }
}
