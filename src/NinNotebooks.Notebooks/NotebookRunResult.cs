namespace NinNotebooks.Notebooks;

/// <summary>The result of running one notebook.</summary>
/// <param name="Notebook">The notebook's path.</param>
/// <param name="ExecutedCopy">Where the executed copy was written, or null when the notebook could not be read.</param>
/// <param name="Cells">One report per code cell, in order.</param>
/// <param name="Error">Why the notebook could not run at all (missing, malformed, a non-C# cell), or null.</param>
public sealed record NotebookRunResult(string Notebook, string? ExecutedCopy, IReadOnlyList<CellReport> Cells, string? Error)
{
    /// <summary>How long building the kernel took (the first cell then starts the C# compiler).</summary>
    public TimeSpan KernelStart { get; init; }

    /// <summary>True when the notebook could be read and every code cell passed.</summary>
    public bool Succeeded => Error is null && Cells.All(c => c.Status == CellStatus.Passed);

    /// <summary>The first failing cell, e.g. "Cell 4 (var x = Load();) failed: ...", or the notebook error.</summary>
    public string? Failure => Error ?? (Cells.FirstOrDefault(c => c.Status is CellStatus.Failed or CellStatus.TimedOut) is { } cell
        ? $"{Notebook}: cell {cell.Number} ({cell.FirstLine}) {(cell.Status == CellStatus.TimedOut ? "timed out" : "failed")}: {cell.Message}"
        : null);
}
