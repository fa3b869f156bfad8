namespace NinNotebooks.Analysis;

/// <summary>One row of a <see cref="ModelSummary"/>: a layer (or, at a depth limit, a block and everything in it).</summary>
/// <param name="Name">The dotted path of the module in the model, e.g. <c>body.mlpconv1.conv</c>.</param>
/// <param name="Type">The module's type, e.g. <c>Conv2d</c>.</param>
/// <param name="OutputShape">The shape of its output for the summary's input; null if it did not run (e.g. an auxiliary classifier in eval mode).</param>
/// <param name="Parameters">Parameter values in the module and its children.</param>
/// <param name="TrainableParameters">Those of <paramref name="Parameters"/> that require gradients.</param>
/// <param name="Macs">Multiply-accumulates for the summary's input (see <see cref="MacCount"/>).</param>
public sealed record SummaryRow(string Name, string Type, IReadOnlyList<long>? OutputShape, long Parameters, long TrainableParameters, long Macs)
{
    /// <summary>Whether the module ran during the summary's forward pass.</summary>
    public bool WasRun => OutputShape is not null;
}
