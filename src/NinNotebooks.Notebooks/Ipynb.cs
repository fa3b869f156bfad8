using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NinNotebooks.Notebooks;

/// <summary>Reads and writes Jupyter .ipynb (nbformat 4) the way VS Code does for Polyglot Notebooks.</summary>
public static class Ipynb
{
    /// <summary>Parses .ipynb JSON; <paramref name="path"/> only names the file in errors.</summary>
    /// <exception cref="InvalidDataException">Malformed JSON, an nbformat other than 4, or a malformed cell.</exception>
    public static Notebook Parse(string json, string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        if (root is not JsonObject notebook)
        {
            throw new InvalidDataException($"{path}: expected a JSON object with nbformat, metadata and cells.");
        }

        var major = notebook["nbformat"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        if (major != 4)
        {
            throw new InvalidDataException($"{path}: unsupported nbformat {major?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(missing)"}; expected 4.");
        }

        var minor = notebook["nbformat_minor"] is JsonValue m && m.TryGetValue<int>(out var mi) ? mi : 0;
        var metadata = notebook["metadata"] as JsonObject ?? [];
        if (notebook["cells"] is not JsonArray cells)
        {
            throw new InvalidDataException($"{path}: expected a 'cells' array.");
        }

        var parsed = cells.Select((cell, i) => ParseCell(cell, i + 1, path)).ToList();
        return new Notebook(NotebookFormat.Ipynb, (JsonObject)metadata.DeepClone(), parsed, DefaultKernel(metadata), minor);
    }

    /// <summary>
    /// The notebook as VS Code saves it: keys sorted, one-space indent, trailing newline, nbformat 4.5 with cell ids,
    /// Polyglot kernelspec and cell metadata, outputs as display_data / stream / error.
    /// </summary>
    public static string Write(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var metadata = (JsonObject)notebook.Metadata.DeepClone();
        metadata["kernelspec"] ??= new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        metadata["language_info"] ??= new JsonObject { ["name"] = "polyglot-notebook" };
        metadata["polyglot_notebook"] ??= new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = notebook.DefaultKernel,
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = notebook.DefaultKernel }),
            },
        };

        var root = new JsonObject
        {
            ["cells"] = new JsonArray([.. notebook.Cells.Select(c => (JsonNode)WriteCell(c, notebook))]),
            ["metadata"] = metadata,
            ["nbformat"] = 4,
            ["nbformat_minor"] = Math.Max(5, notebook.NbformatMinor),
        };

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Sorted(root)!.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Splits text into Jupyter's line array: every line keeps its '\n' except the last.</summary>
    internal static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                array.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            array.Add(text[start..]);
        }

        return array;
    }

    private static NotebookCell ParseCell(JsonNode? node, int number, string path)
    {
        if (node is not JsonObject cell)
        {
            throw new InvalidDataException($"{path}: cell {number} is not a JSON object.");
        }

        var type = cell["cell_type"]?.GetValue<string>();
        var kind = type switch
        {
            "code" => CellKind.Code,
            "markdown" => CellKind.Markdown,
            "raw" => CellKind.Raw,
            _ => throw new InvalidDataException($"{path}: cell {number} has cell_type '{type}'; expected code, markdown or raw."),
        };
        var metadata = cell["metadata"] as JsonObject ?? [];
        var kernel = metadata["polyglot_notebook"]?["kernelName"]?.GetValue<string>() ?? metadata["dotnet_interactive"]?["language"]?.GetValue<string>();
        var result = new NotebookCell(kind, Text(cell["source"], $"{path}: cell {number} source"), kernel, (JsonObject)metadata.DeepClone(), cell["id"]?.GetValue<string>());
        if (cell["outputs"] is JsonArray outputs)
        {
            result.Outputs.AddRange(outputs.Select((o, i) => ParseOutput(o, $"{path}: cell {number} output {i + 1}")));
        }

        result.ExecutionCount = cell["execution_count"] is JsonValue count && count.TryGetValue<int>(out var c) ? c : null;
        return result;
    }

    private static CellOutput ParseOutput(JsonNode? node, string where)
    {
        var type = node?["output_type"]?.GetValue<string>();
        return type switch
        {
            "display_data" or "execute_result" => new DisplayOutput(
                (node!["data"] as JsonObject ?? []).ToDictionary(p => p.Key, p => Text(p.Value, where))),
            "stream" => new StreamOutput(node!["name"]?.GetValue<string>() ?? "stdout", Text(node["text"], where)),
            "error" => new ErrorOutput(
                node!["ename"]?.GetValue<string>() ?? "Error",
                node["evalue"]?.GetValue<string>() ?? "",
                [.. (node["traceback"] as JsonArray ?? []).Select(t => t?.GetValue<string>() ?? "")]),
            _ => throw new InvalidDataException($"{where}: unknown output_type '{type}'."),
        };
    }

    private static string Text(JsonNode? node, string where) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        _ => throw new InvalidDataException($"{where}: expected a string or an array of strings."),
    };

    private static string DefaultKernel(JsonObject metadata)
    {
        var polyglot = metadata["polyglot_notebook"];
        var name = polyglot?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>()
            ?? polyglot?["defaultKernelName"]?.GetValue<string>()
            ?? metadata["kernelspec"]?["name"]?.GetValue<string>()?.Replace(".net-", "", StringComparison.Ordinal)
            ?? metadata["kernelspec"]?["language"]?.GetValue<string>()
            ?? "csharp";
        return Kernels.Normalize(name) ?? name;
    }

    private static JsonObject WriteCell(NotebookCell cell, Notebook notebook)
    {
        var metadata = (JsonObject)cell.Metadata.DeepClone();
        var json = new JsonObject
        {
            ["cell_type"] = cell.Kind switch { CellKind.Code => "code", CellKind.Markdown => "markdown", _ => "raw" },
            ["id"] = cell.Id ??= Guid.NewGuid().ToString("N")[..8],
            ["metadata"] = metadata,
            ["source"] = Lines(cell.Source),
        };
        if (cell.Kind == CellKind.Code)
        {
            metadata["polyglot_notebook"] ??= new JsonObject { ["kernelName"] = notebook.KernelOf(cell) };
            json["execution_count"] = cell.ExecutionCount;
            json["outputs"] = new JsonArray([.. cell.Outputs.Select(o => (JsonNode)WriteOutput(o))]);
        }

        return json;
    }

    private static JsonObject WriteOutput(CellOutput output) => output switch
    {
        DisplayOutput d => new JsonObject
        {
            ["data"] = new JsonObject(d.Data.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Lines(p.Value)))),
            ["metadata"] = new JsonObject(),
            ["output_type"] = "display_data",
        },
        StreamOutput s => new JsonObject { ["name"] = s.Name, ["output_type"] = "stream", ["text"] = Lines(s.Text) },
        ErrorOutput e => new JsonObject
        {
            ["ename"] = e.Name,
            ["evalue"] = e.Value,
            ["output_type"] = "error",
            ["traceback"] = new JsonArray([.. e.Traceback.Select(t => (JsonNode)t)]),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(output), output, "Unknown output."),
    };

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };
}
