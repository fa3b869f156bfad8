namespace NinNotebooks.Notebooks;

/// <summary>How <see cref="NotebookRunner"/> runs notebooks.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Where executed copies go.</summary>
    public string OutputDirectory { get; init; } = "executed";

    /// <summary>Parameters injected after the cell tagged "parameters" (see <see cref="NotebookParameters"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Parameters { get; init; } = [];

    /// <summary>The longest one cell may run (default 10 minutes).</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Run the remaining cells after a failure (default: stop at the first failing cell).</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>
    /// "cpu" (default) or "cuda": with "cuda", <c>#r "nuget: TorchSharp-cpu, V"</c> restores TorchSharp's CUDA build
    /// of version V instead (see <see cref="TorchPackages"/>).
    /// </summary>
    public string TorchBackend { get; init; } = "cpu";
}
