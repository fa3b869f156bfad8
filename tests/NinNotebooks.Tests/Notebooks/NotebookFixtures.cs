using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

/// <summary>
/// Notebooks for the runner tests: the fixture files, copied into a temporary folder, and small ones built in code; and
/// a run through the real notebook runner, in its own process and folder, as <c>nin notebooks run</c> runs a notebook.
/// </summary>
internal static class NotebookFixtures
{
    /// <summary>The notebook runner these tests carry, in its own folder with its own dependencies (FSharp.Core 10.0).</summary>
    public static string Runner { get; } = Path.Combine(AppContext.BaseDirectory, "notebook-runner", "nin-notebooks");

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Notebooks", "Fixtures", name);

    /// <summary>Copies fixture <paramref name="name"/> into <paramref name="dir"/> and returns the copy's path.</summary>
    public static string CopyInto(TemporaryDirectory dir, string name)
    {
        var path = dir.File(name);
        File.Copy(Fixture(name), path);
        return path;
    }

    /// <summary>Writes an nbformat 4.5 .ipynb whose C# cells are <paramref name="cells"/> (the first tagged "parameters" when asked).</summary>
    public static string Write(TemporaryDirectory dir, string name, IEnumerable<string> cells, bool firstIsParameters = false)
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray([.. cells.Select((source, i) => (JsonNode)new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["id"] = $"cell-{i}",
                ["metadata"] = new JsonObject
                {
                    ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                    ["tags"] = i == 0 && firstIsParameters ? new JsonArray("parameters") : new JsonArray(),
                },
                ["outputs"] = new JsonArray(),
                ["source"] = source,
            })]),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp", ["items"] = new JsonArray(new JsonObject { ["name"] = "csharp" }) } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        var path = dir.File(name);
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }

    /// <summary>Runs <paramref name="path"/> in the notebook runner's process, with outputs into a subfolder of <paramref name="dir"/>.</summary>
    public static (NotebookRunResult Result, InteractiveDocument Executed) Run(TemporaryDirectory dir, string path, NotebookRunOptions? options = null)
    {
        using var lines = new StringWriter();
        var executedCopy = dir.File("out", Path.GetFileNameWithoutExtension(path) + ".ipynb");
        var result = NotebookProcess.Run(path, executedCopy, (options ?? new NotebookRunOptions()) with { OutputDirectory = dir.File("out") }, lines, Runner);
        return (result, result.ExecutedCopy is { } copy ? NotebookDocument.Load(copy) : new InteractiveDocument());
    }

    public static IEnumerable<InteractiveDocumentElement> Code(this InteractiveDocument notebook) => notebook.Elements.Where(c => !c.IsMarkdown());

    /// <summary>An output's text: a display's value for <paramref name="mime"/>, a stream's text, an error's message.</summary>
    public static string Text(this InteractiveDocumentOutputElement output, string mime = "text/plain") => output switch
    {
        TextElement s => s.Text,
        ErrorElement e => e.ErrorValue,
        _ when output.Data() is { } data => data.TryGetValue(mime, out var text) ? NotebookDocument.Text(text) : $"(no {mime}: {string.Join(", ", data.Keys)})",
        _ => "",
    };
}
