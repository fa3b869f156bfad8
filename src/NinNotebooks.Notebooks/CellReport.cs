namespace NinNotebooks.Notebooks;

/// <summary>One code cell's result in a run.</summary>
/// <param name="Number">1-based position among the notebook's cells (as VS Code numbers them).</param>
/// <param name="FirstLine">The cell's first non-empty line.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="Message">The error, for failed cells.</param>
public sealed record CellReport(int Number, string FirstLine, CellStatus Status, TimeSpan Duration, string? Message);
