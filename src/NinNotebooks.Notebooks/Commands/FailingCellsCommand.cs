using System.CommandLine;

namespace NinNotebooks.Notebooks.Commands;

/// <summary><c>nin-notebooks failing-cells</c>: which cells of an executed notebook show an error (any runner's copy: this one's, dotnet-repl's, VS Code's).</summary>
internal static class FailingCellsCommand
{
    public static Command Create()
    {
        var notebook = new Argument<string>("notebook");
        var command = new Command("failing-cells", "Print the numbers of the cells of an executed notebook that show an error, one line.") { notebook };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var executed = NotebookDocument.Load(parse.GetRequiredValue(notebook));
            var failing = executed.Elements.Select((c, i) => (c, i + 1)).Where(x => x.c.Outputs.Any(o => o is Microsoft.DotNet.Interactive.Documents.ErrorElement)).Select(x => x.Item2);
            parse.InvocationConfiguration.Output.WriteLine(string.Join(' ', failing));
        });
        return command;
    }
}
