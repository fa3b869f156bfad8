using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;
using NinNotebooks.Platform;

namespace NinNotebooks.Analysis;

/// <summary>
/// A layer-by-layer table of a model, like torchinfo's <c>summary()</c> or Keras's <c>model.summary()</c>:
/// per layer its name, type, output shape, parameters and multiply-accumulates (MACs), then totals.
/// <see cref="ToString"/> renders it as text for consoles, <see cref="ToHtml"/> as an HTML table for notebooks.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Create"/> runs one forward pass on a zero tensor of the given shape, in eval mode, under
/// <c>no_grad</c> and inside a dispose scope, with forward hooks that record each layer's output shape. It then
/// removes the hooks and restores the model's training mode: the model is left as it was, and no tensor
/// outlives the call.
/// </para>
/// <para>
/// Rows are the model's leaf modules in registration order (which is call order in this package), or, with a
/// depth limit, the modules at that depth with everything below them folded in. Every parameter belongs to
/// exactly one row, so the rows' parameters add up to <see cref="TotalParameters"/> and their MACs to
/// <see cref="TotalMacs"/>. A layer that did not run (an auxiliary classifier in eval mode) keeps its
/// parameters and shows "not run". MACs follow <see cref="MacCount"/>: products in convolution and linear
/// layers only, for the whole input batch.
/// </para>
/// </remarks>
public sealed class ModelSummary
{
    private ModelSummary(string modelName, IReadOnlyList<long> inputShape, IReadOnlyList<long> outputShape,
        IReadOnlyList<SummaryRow> rows, long totalParameters, long trainableParameters, long parameterBytes)
    {
        ModelName = modelName;
        InputShape = inputShape;
        OutputShape = outputShape;
        Rows = rows;
        TotalParameters = totalParameters;
        TrainableParameters = trainableParameters;
        ParameterBytes = parameterBytes;
        TotalMacs = rows.Sum(r => r.Macs);
    }

    /// <summary>The model's name as shown in the title.</summary>
    public string ModelName { get; }

    /// <summary>The input shape the summary ran with, batch first.</summary>
    public IReadOnlyList<long> InputShape { get; }

    /// <summary>The model's output shape for that input.</summary>
    public IReadOnlyList<long> OutputShape { get; }

    /// <summary>One row per layer (or per block at the depth limit).</summary>
    public IReadOnlyList<SummaryRow> Rows { get; }

    /// <summary>All parameter values of the model.</summary>
    public long TotalParameters { get; }

    /// <summary>Parameter values that require gradients.</summary>
    public long TrainableParameters { get; }

    /// <summary>Parameter values that do not require gradients (frozen).</summary>
    public long NonTrainableParameters => TotalParameters - TrainableParameters;

    /// <summary>Multiply-accumulates of one forward pass on the input (the sum of the rows).</summary>
    public long TotalMacs { get; }

    /// <summary>Memory the parameters take, in bytes (4 per float32 value).</summary>
    public long ParameterBytes { get; }

    /// <summary>Summarises <paramref name="model"/> for an input of <paramref name="inputShape"/>.</summary>
    /// <param name="model">The model; it is left in the training mode it had.</param>
    /// <param name="inputShape">The input shape, batch first, e.g. [1, 3, 32, 32].</param>
    /// <param name="depth">Fold modules deeper than this into their ancestor at this depth (null: show every leaf layer).</param>
    /// <param name="name">The title (default: the model's type name).</param>
    /// <exception cref="ArgumentException">The shape is invalid or the model cannot run on it; the message says which and why.</exception>
    public static ModelSummary Create(nn.Module<Tensor, Tensor> model, IReadOnlyList<long> inputShape, int? depth = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        name ??= model.GetType().Name;
        if (inputShape.Count == 0 || inputShape.Any(d => d < 1))
        {
            throw new ArgumentException(
                $"Input shape [{string.Join(", ", inputShape)}] for {name} is invalid: give every dimension as a positive size, batch first (e.g. 1, 3, 32, 32).",
                nameof(inputShape));
        }

        if (depth is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "depth must be at least 1 (or null for every layer).");
        }

        var modules = PreOrder(model, "").ToList();
        if (modules.Count == 0)
        {
            // A single layer passed on its own: it is its own only row.
            modules.Add((model.GetType().Name, model));
        }

        var rows = SelectRows(modules, depth);
        var recorder = new ForwardRecorder(modules, rows);
        var outputShape = recorder.Run(model, inputShape, name);

        var summaryRows = new List<SummaryRow>();
        foreach (var (rowName, module) in rows)
        {
            var parameters = module.parameters().ToList();
            summaryRows.Add(new SummaryRow(
                rowName,
                module.GetType().Name,
                recorder.OutputShapes.GetValueOrDefault(module),
                parameters.Sum(p => p.numel()),
                parameters.Where(p => p.requires_grad).Sum(p => p.numel()),
                modules.Where(m => m.name == rowName || m.name.StartsWith(rowName + ".", StringComparison.Ordinal))
                    .Sum(m => recorder.Macs.GetValueOrDefault(m.module))));
        }

        // Parameters registered on a container itself (not in any child) get a row of their own.
        foreach (var (containerName, container) in modules.Prepend(("", model)).Where(m => !rows.Any(r => ReferenceEquals(r.module, m.module))))
        {
            var own = container.named_parameters(recurse: false).Select(p => p.parameter).ToList();
            if (own.Count > 0 && !rows.Any(r => containerName.StartsWith(r.name + ".", StringComparison.Ordinal)))
            {
                summaryRows.Add(new SummaryRow(containerName.Length == 0 ? "(model)" : containerName, container.GetType().Name + " (own)",
                    null, own.Sum(p => p.numel()), own.Where(p => p.requires_grad).Sum(p => p.numel()), 0));
            }
        }

        var all = model.parameters().ToList();
        return new ModelSummary(name, [.. inputShape], outputShape, summaryRows,
            all.Sum(p => p.numel()), all.Where(p => p.requires_grad).Sum(p => p.numel()), all.Sum(p => p.numel() * p.ElementSize));
    }

    /// <summary>The summary as a text table ending with the line "Total params: N".</summary>
    public override string ToString()
    {
        string[] header = ["Layer (type)", "Output shape", "Params", "MACs"];
        var cells = Rows.Select(r => new[] { $"{r.Name} ({r.Type})", ShapeText(r.OutputShape), Number(r.Parameters), Number(r.Macs) }).ToList();
        var widths = Enumerable.Range(0, 4).Select(i => cells.Select(c => c[i].Length).Append(header[i].Length).Max()).ToArray();
        string Line(string[] c) =>
            $"{c[0].PadRight(widths[0])}  {c[1].PadRight(widths[1])}  {c[2].PadLeft(widths[2])}  {c[3].PadLeft(widths[3])}".TrimEnd();
        var rule = new string('-', widths.Sum() + 6);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Model: {ModelName}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Input: {ShapeText(InputShape)} -> Output: {ShapeText(OutputShape)}");
        text.AppendLine(rule).AppendLine(Line(header)).AppendLine(new string('=', rule.Length));
        foreach (var c in cells)
        {
            text.AppendLine(Line(c));
        }

        text.AppendLine(rule);
        foreach (var (label, value) in Totals())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{label}: {value}");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The summary as an HTML table (for notebooks), with the same totals as <see cref="ToString"/>.</summary>
    public string ToHtml()
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        const string Right = " style=\"text-align:right\"";
        var html = new StringBuilder();
        html.Append("<div class=\"nin-summary\">");
        html.Append(CultureInfo.InvariantCulture, $"<p><b>{E(ModelName)}</b>: input {E(ShapeText(InputShape))} &rarr; output {E(ShapeText(OutputShape))}</p>");
        html.Append(CultureInfo.InvariantCulture, $"<table><thead><tr><th>Layer</th><th>Type</th><th>Output shape</th><th{Right}>Params</th><th{Right}>MACs</th></tr></thead><tbody>");
        foreach (var r in Rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(r.Name)}</code></td><td>{E(r.Type)}</td><td>{E(ShapeText(r.OutputShape))}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td{Right}>{Number(r.Parameters)}</td><td{Right}>{Number(r.Macs)}</td></tr>");
        }

        html.Append("</tbody></table><p>");
        html.Append(string.Join("<br/>", Totals().Select(t => $"{E(t.Label)}: <b>{E(t.Value)}</b>")));
        return html.Append("</p></div>").ToString();
    }

    private IEnumerable<(string Label, string Value)> Totals()
    {
        yield return ("MACs", $"{Number(TotalMacs)} ({Scaled(TotalMacs)}; conv and linear products only, for this input)");
        yield return ("Parameter memory", $"{(ParameterBytes / (1024.0 * 1024.0)).ToString("0.00", CultureInfo.InvariantCulture)} MiB");
        yield return ("Trainable params", Number(TrainableParameters));
        yield return ("Non-trainable params", Number(NonTrainableParameters));
        yield return ("Total params", Number(TotalParameters));
    }

    /// <summary>Every descendant with its dotted name, parents before children, children in registration order.</summary>
    private static IEnumerable<(string name, nn.Module module)> PreOrder(nn.Module parent, string prefix)
    {
        foreach (var (childName, child) in parent.named_children())
        {
            var name = prefix.Length == 0 ? childName : $"{prefix}.{childName}";
            yield return (name, child);
            foreach (var descendant in PreOrder(child, name))
            {
                yield return descendant;
            }
        }
    }

    private static List<(string name, nn.Module module)> SelectRows(List<(string name, nn.Module module)> modules, int? depth)
    {
        var rows = new List<(string name, nn.Module module)>();
        foreach (var (name, module) in modules)
        {
            var level = name.Count(c => c == '.') + 1;
            var isLeaf = !module.children().Any();
            var insideRow = rows.Count > 0 && name.StartsWith(rows[^1].name + ".", StringComparison.Ordinal);
            if (!insideRow && (isLeaf || level == depth))
            {
                rows.Add((name, module));
            }
        }

        return rows;
    }

    private static string ShapeText(IReadOnlyList<long>? shape) => shape is null ? "not run" : string.Join(" x ", shape);

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Scaled(long value) => value switch
    {
        >= 1_000_000_000 => (value / 1e9).ToString("0.00 G", CultureInfo.InvariantCulture),
        >= 1_000_000 => (value / 1e6).ToString("0.00 M", CultureInfo.InvariantCulture),
        >= 1_000 => (value / 1e3).ToString("0.00 K", CultureInfo.InvariantCulture),
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Runs the model once with hooks that record row output shapes and leaf MACs.</summary>
    private sealed class ForwardRecorder(List<(string name, nn.Module module)> modules, List<(string name, nn.Module module)> rows)
    {
        public Dictionary<nn.Module, IReadOnlyList<long>> OutputShapes { get; } = new(ReferenceEqualityComparer.Instance);

        public Dictionary<nn.Module, long> Macs { get; } = new(ReferenceEqualityComparer.Instance);

        public long[] Run(nn.Module<Tensor, Tensor> model, IReadOnlyList<long> inputShape, string name)
        {
            var rowModules = rows.Select(r => r.module).ToHashSet(ReferenceEqualityComparer.Instance);
            var hooked = modules.Select(m => m.module)
                .Where(m => rowModules.Contains(m) || !m.children().Any())
                .OfType<nn.Module<Tensor, Tensor>>()
                .Distinct(ReferenceEqualityComparer.Instance)
                .Cast<nn.Module<Tensor, Tensor>>()
                .ToList();
            var removers = hooked.Select(m => m.register_forward_hook((module, _, output) =>
            {
                if (rowModules.Contains(module))
                {
                    OutputShapes[module] = output.shape;
                }

                if (!module.children().Any())
                {
                    Macs[module] = Macs.GetValueOrDefault(module) + MacCount.Of(module, output.shape);
                }

                return output;
            })).ToList();

            try
            {
                return Inference.Run(model, () =>
                {
                    using var scope = NewDisposeScope();
                    var device = model.parameters().FirstOrDefault()?.device ?? CPU;
                    return model.call(zeros([.. inputShape], device: device)).shape;
                });
            }
            catch (Exception e) when (e is ArgumentException or ExternalException or InvalidOperationException or IndexOutOfRangeException)
            {
                throw new ArgumentException(
                    $"{name} cannot run on an input of shape [{string.Join(", ", inputShape)}]: {ErrorText.Of(e)}", nameof(inputShape), e);
            }
            finally
            {
                foreach (var remover in removers)
                {
                    remover.remove();
                }
            }
        }
    }
}
