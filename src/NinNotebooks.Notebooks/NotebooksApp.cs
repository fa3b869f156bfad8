using System.CommandLine;
using NinNotebooks.Notebooks.Commands;

namespace NinNotebooks.Notebooks;

/// <summary>
/// The <c>nin-notebooks</c> program behind <c>nin notebooks</c>: its commands, one file each in Commands/ (<c>run</c>
/// executes notebooks in the .NET Interactive kernel, <c>export</c> turns them into a book or programs).
/// </summary>
internal static class NotebooksApp
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a failed notebook, bad input or bad options; the error output says which.</summary>
    public const int Failure = 1;

    /// <summary>Parses <paramref name="args"/>, runs the command, and returns its exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("nin notebooks: run notebooks in the .NET Interactive kernel, export them.") { RunCommand.Create(), RunOneCommand.Create(), ExportCommand.Create(), BenchCommand.Create(), FailingCellsCommand.Create() };
        // No response files: --param @x=1 and a notebook named @x.ipynb are values, not files of further arguments.
        return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>
    /// Files as given; folders become their .ipynb and .dib files in name order. Missing paths are kept (the runner
    /// reports them). A folder without a notebook is an error, so a wrong path cannot make an empty run pass.
    /// </summary>
    /// <exception cref="ArgumentException">A folder holds no notebook; the message names it.</exception>
    internal static List<string> Expand(string[] paths) =>
        [.. paths.SelectMany<string, string>(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p).Where(f => f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".dib", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } found
                ? found
                : throw new ArgumentException($"no notebook found: {Path.GetFullPath(p)} is a folder with no .ipynb or .dib file in it.")
            : [p])];
}
