using System.Text.Json.Nodes;

namespace NinNotebooks.Notebooks;

/// <summary>A notebook in memory: cells and metadata, read from and written to .ipynb or .dib.</summary>
public sealed class Notebook
{
    /// <summary>Creates a notebook.</summary>
    public Notebook(NotebookFormat format, JsonObject metadata, IEnumerable<NotebookCell> cells, string defaultKernel, int nbformatMinor = 5)
    {
        Format = format;
        Metadata = metadata;
        Cells = [.. cells];
        DefaultKernel = defaultKernel;
        NbformatMinor = nbformatMinor;
    }

    /// <summary>The format it was read from.</summary>
    public NotebookFormat Format { get; }

    /// <summary>Notebook metadata (kernelspec, polyglot_notebook, ...).</summary>
    public JsonObject Metadata { get; }

    /// <summary>The cells in order.</summary>
    public List<NotebookCell> Cells { get; }

    /// <summary>The kernel of cells that name none: polyglot_notebook.kernelInfo.defaultKernelName, else kernelspec.name without ".net-", else "csharp".</summary>
    public string DefaultKernel { get; }

    /// <summary>nbformat minor version (written as at least 5, with cell ids).</summary>
    public int NbformatMinor { get; }

    /// <summary>Reads a .ipynb or .dib file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed; the message names it and says what is wrong.</exception>
    public static Notebook Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: notebook not found.", path);
        }

        var text = File.ReadAllText(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ipynb" => Ipynb.Parse(text, path),
            ".dib" => Dib.Parse(text),
            var other => throw new InvalidDataException($"{path}: expected a .ipynb or .dib notebook, got a '{other}' file."),
        };
    }

    /// <summary>The text of the first "# " heading in the notebook's first markdown cell, or null.</summary>
    public string? Title =>
        Cells.FirstOrDefault(c => c.Kind == CellKind.Markdown)?.Source.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();

    /// <summary>The kernel that runs <paramref name="cell"/>: a first-line kernel selector (#!csharp), else its metadata, else the default.</summary>
    public string KernelOf(NotebookCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.Kind == CellKind.Markdown)
        {
            return "markdown";
        }

        var first = cell.Source.Split('\n')[0].Trim();
        if (first.StartsWith("#!", StringComparison.Ordinal) && Kernels.Normalize(first[2..]) is { } selected)
        {
            return selected;
        }

        return Kernels.Normalize(cell.KernelName ?? DefaultKernel) ?? cell.KernelName ?? DefaultKernel;
    }
}
