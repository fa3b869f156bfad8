using System.Text.Json.Nodes;
using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

/// <summary>Notebooks for the executor tests: the fixture files, copied into a temporary folder, and small ones built in code.</summary>
internal static class NotebookFixtures
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Notebooks", "Fixtures", name);

    /// <summary>Copies fixture <paramref name="name"/> into <paramref name="dir"/> and returns the copy's path.</summary>
    public static string CopyInto(TemporaryDirectory dir, string name)
    {
        var path = dir.File(name);
        File.Copy(Fixture(name), path);
        return path;
    }

    /// <summary>Writes an .ipynb whose code cells are <paramref name="cells"/> (the first tagged "parameters" when asked).</summary>
    public static string Write(TemporaryDirectory dir, string name, IEnumerable<string> cells, bool firstIsParameters = false)
    {
        var notebook = new Notebook(NotebookFormat.Ipynb, [], cells.Select((source, i) =>
            new NotebookCell(CellKind.Code, source, "csharp", i == 0 && firstIsParameters ? new JsonObject { ["tags"] = new JsonArray("parameters") } : null)), "csharp");
        var path = dir.File(name);
        File.WriteAllText(path, Ipynb.Write(notebook));
        return path;
    }

    /// <summary>Runs <paramref name="path"/> with outputs into a subfolder of <paramref name="dir"/>.</summary>
    public static (NotebookRunResult Result, Notebook Executed) Run(TemporaryDirectory dir, string path, NotebookRunOptions? options = null)
    {
        var runner = new NotebookRunner((options ?? new NotebookRunOptions()) with { OutputDirectory = dir.File("out") });
        var result = runner.Run(path);
        return (result, result.ExecutedCopy is { } copy ? Notebook.Load(copy) : new Notebook(NotebookFormat.Ipynb, [], [], "csharp"));
    }

    public static IEnumerable<NotebookCell> Code(this Notebook notebook) => notebook.Cells.Where(c => c.Kind == CellKind.Code);

    public static string Text(this CellOutput output, string mime = "text/plain") => output switch
    {
        DisplayOutput d => d.Data.TryGetValue(mime, out var text) ? text : $"(no {mime}: {string.Join(", ", d.Data.Keys)})",
        StreamOutput s => s.Text,
        ErrorOutput e => e.Value,
        _ => "",
    };
}
