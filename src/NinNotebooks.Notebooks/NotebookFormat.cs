namespace NinNotebooks.Notebooks;

/// <summary>The file format of a notebook.</summary>
public enum NotebookFormat
{
    /// <summary>Jupyter .ipynb (nbformat 4), as VS Code writes it for Polyglot Notebooks.</summary>
    Ipynb,

    /// <summary>Polyglot .dib: cells separated by #!kernel lines, no outputs.</summary>
    Dib,
}
