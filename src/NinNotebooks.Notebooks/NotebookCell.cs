using System.Text.Json.Nodes;

namespace NinNotebooks.Notebooks;

/// <summary>A notebook cell: its kind, source, kernel, metadata and (after a run) outputs.</summary>
public sealed class NotebookCell
{
    /// <summary>Creates a cell.</summary>
    public NotebookCell(CellKind kind, string source, string? kernelName = null, JsonObject? metadata = null, string? id = null)
    {
        Kind = kind;
        Source = source;
        KernelName = kernelName;
        Metadata = metadata ?? [];
        Id = id;
    }

    /// <summary>Code, markdown or raw.</summary>
    public CellKind Kind { get; }

    /// <summary>The cell's text, lines joined by '\n'.</summary>
    public string Source { get; set; }

    /// <summary>The kernel named in the cell's metadata (polyglot_notebook.kernelName or dotnet_interactive.language), if any.</summary>
    public string? KernelName { get; }

    /// <summary>The cell's metadata as stored.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The nbformat 4.5 cell id, if the file had one.</summary>
    public string? Id { get; set; }

    /// <summary>Outputs, in order.</summary>
    public List<CellOutput> Outputs { get; } = [];

    /// <summary>Execution count after a run (null before).</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>Tags from metadata.tags (e.g. "parameters").</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? [.. tags.Select(t => t?.GetValue<string>() ?? "")] : [];

    /// <summary>The first non-empty line, for reports ("Cell 3: var x = ...").</summary>
    public string FirstLine => Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
}
