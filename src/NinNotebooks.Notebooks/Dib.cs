using System.Text.Json.Nodes;

namespace NinNotebooks.Notebooks;

/// <summary>Reads Polyglot .dib files: cells start at a line <c>#!kernel</c>; an optional <c>#!meta</c> JSON block first.</summary>
public static class Dib
{
    /// <summary>Parses .dib text.</summary>
    public static Notebook Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var metadata = new JsonObject();
        var cells = new List<NotebookCell>();
        var kernel = "csharp";
        var lines = new List<string>();
        var inMeta = false;

        void Flush()
        {
            var body = string.Join('\n', lines).Trim('\n', '\r', ' ');
            if (inMeta)
            {
                if (body.Length > 0 && JsonNode.Parse(body) is JsonObject meta)
                {
                    metadata = meta;
                }
            }
            else if (body.Length > 0)
            {
                cells.Add(kernel == "markdown" ? new NotebookCell(CellKind.Markdown, body) : new NotebookCell(CellKind.Code, body, kernel));
            }

            lines.Clear();
        }

        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var trimmed = line.TrimEnd();
            if (trimmed == "#!meta")
            {
                Flush();
                inMeta = true;
            }
            else if (trimmed.StartsWith("#!", StringComparison.Ordinal) && Kernels.Normalize(trimmed[2..]) is { } selected)
            {
                Flush();
                inMeta = false;
                kernel = selected;
            }
            else
            {
                lines.Add(line);
            }
        }

        Flush();
        var defaultKernel = metadata["kernelInfo"]?["defaultKernelName"]?.GetValue<string>() is { } name ? Kernels.Normalize(name) ?? name : "csharp";
        return new Notebook(NotebookFormat.Dib, metadata.Count > 0 ? new JsonObject { ["polyglot_notebook"] = metadata.DeepClone() } : [], cells, defaultKernel);
    }
}
