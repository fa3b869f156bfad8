using System.CommandLine;
using NinNotebooks.Notebooks.Export;
using NinNotebooks.Platform;

namespace NinNotebooks.Notebooks.Commands;

/// <summary><c>nin notebooks export</c>: executed notebooks as an offline HTML book (<see cref="HtmlBook"/>), or notebooks as file-based apps (<see cref="FileBasedApp"/>).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("notebooks") { Description = "Executed notebooks (.ipynb) or folders holding them (e.g. runs/notebooks).", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "html: a static site of executed notebooks (index, one page each, plotly.js and CSS copied once). cs: one .NET 10 file-based app per notebook (dotnet run FILE.cs).", Required = true };
        var outDir = new Option<string>("--out") { Description = "The folder to write (created). html: an earlier book written there is replaced, any other folder that is not empty is refused. cs: name.cs per notebook (name-2.cs, ... for same names); only an unchanged app of this exporter is replaced.", Required = true };
        var parameters = new Option<string[]>("--param") { Description = "cs only: name=value assigned after the notebook's parameters cell; repeatable.", AllowMultipleArgumentsPerToken = false };
        var export = new Command("export", "Turn notebooks into an offline HTML book or into file-based apps.") { paths, to, outDir, parameters };
        export.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var files = NotebooksApp.Expand(parse.GetRequiredValue(paths));
                var values = (parse.GetValue(parameters) ?? []).Select(NotebookParameters.Parse).ToList();
                switch (parse.GetRequiredValue(to))
                {
                    case "html":
                        var pages = HtmlBook.Write([.. files.Where(f => f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))], parse.GetRequiredValue(outDir));
                        output.WriteLine($"{pages.Count - 1} notebook page(s) and an index: {pages[0]}");
                        break;
                    case "cs":
                        foreach (var app in FileBasedApp.WriteAll(files, parse.GetRequiredValue(outDir), values))
                        {
                            output.WriteLine(app);
                        }

                        break;
                    case var other:
                        throw new ArgumentException($"--to: expected html or cs, got '{other}'.");
                }

                return NotebooksApp.Success;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: {ErrorText.Of(e)}");
                return NotebooksApp.Failure;
            }
        });
        return export;
    }
}
