namespace NinNotebooks.Notebooks;

/// <summary>How a cell's run ended.</summary>
public enum CellStatus
{
    /// <summary>It ran without error.</summary>
    Passed,

    /// <summary>It failed to compile, threw, or a directive failed.</summary>
    Failed,

    /// <summary>It ran longer than the per-cell timeout.</summary>
    TimedOut,

    /// <summary>It was not run (an earlier cell failed).</summary>
    Skipped,
}
