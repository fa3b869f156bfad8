namespace NinNotebooks.Notebooks;

/// <summary>What a notebook cell holds.</summary>
public enum CellKind
{
    /// <summary>Code for a kernel (C# is the one the executor runs).</summary>
    Code,

    /// <summary>Markdown prose; skipped when running.</summary>
    Markdown,

    /// <summary>A raw cell; kept as it is, never run.</summary>
    Raw,
}
