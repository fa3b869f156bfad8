using System.CommandLine;
using System.Globalization;
using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using NinNotebooks.Platform;

namespace NinNotebooks.Cli.Commands;

/// <summary><c>nin summary &lt;model&gt;</c>: the layer-by-layer table of a model.</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The model or block to summarise; `nin models` lists them (e.g. nin-cifar10)." };
        var input = new Option<string?>("--input")
        {
            Description = "Input shape, batch first, e.g. 1x3x32x32 (default: the model's own input size).",
        };
        var depth = new Option<int?>("--depth") { Description = "Fold layers deeper than this into their block (default: show every layer)." };
        var html = new Option<bool>("--html") { Description = "Print the table as HTML instead of text." };
        var command = new Command("summary", "Print a model's layers with output shapes, parameters and multiply-accumulates, then totals.")
        {
            model, input, depth, html,
        };
        command.SetAction(parse => CommandBody.WithTorch(parse, output =>
        {
            var entry = ModelCatalog.Get(parse.GetRequiredValue(model));
            var shape = parse.GetValue(input) is { } text ? ParseShape(text) : entry.InputShape;
            using var module = entry.Create();
            ModelSummary summary;
            try
            {
                summary = ModelSummary.Create(module, shape, parse.GetValue(depth), entry.Name);
            }
            catch (ArgumentException e) when (e.ParamName == "inputShape")
            {
                throw new ArgumentException($"{ErrorText.Of(e)} ({entry.Name} is built for {string.Join("x", entry.InputShape)}.)", e);
            }

            output.WriteLine(parse.GetValue(html) ? summary.ToHtml() : summary.ToString());
        }));
        return command;
    }

    /// <summary>Parses "1x3x32x32" or "1,3,32,32" into sizes.</summary>
    internal static long[] ParseShape(string text)
    {
        var parts = text.Split(['x', 'X', ',', ' '], StringSplitOptions.RemoveEmptyEntries);
        var sizes = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
            {
                throw new ArgumentException($"--input: expected positive sizes such as 1x3x32x32, got '{text}'.");
            }
        }

        return parts.Length > 0 ? sizes : throw new ArgumentException($"--input: expected sizes such as 1x3x32x32, got '{text}'.");
    }
}
