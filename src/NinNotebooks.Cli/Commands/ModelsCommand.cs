using System.CommandLine;
using System.Globalization;
using NinNotebooks.Analysis;
using NinNotebooks.Modules;

namespace NinNotebooks.Cli.Commands;

/// <summary><c>nin models</c>: the names <c>nin summary</c> accepts.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List the models and blocks that `nin summary` accepts, with their input shapes, parameter counts and class counts.");
        command.SetAction(parse => CommandBody.WithTorch(parse, output =>
        {
            var width = ModelCatalog.All.Max(e => e.Name.Length);
            foreach (var entry in ModelCatalog.All)
            {
                using var model = entry.Create();
                var parameters = model.CountParameters().ToString("N0", CultureInfo.InvariantCulture);
                var scores = entry.NumClasses is { } classes ? $"{classes} classes" : "block";
                output.WriteLine($"{entry.Name.PadRight(width)}  {string.Join("x", entry.InputShape),-14} {parameters,12} params  {scores,-12}  {entry.Description}");
            }
        }));
        return command;
    }
}
