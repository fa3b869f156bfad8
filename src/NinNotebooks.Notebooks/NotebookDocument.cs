using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using NinNotebooks.Platform;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Reads and writes notebooks with the kernel's own document library (Microsoft.DotNet.Interactive.Documents), as VS Code
/// and dotnet-repl do: .ipynb and .dib in, .ipynb out. Adds what that library leaves to its host: clear errors that name
/// the file, nbformat 4.5 cell ids on write, and the cell facts a runner needs (kernel, tags, first line).
/// </summary>
public static class NotebookDocument
{
    /// <summary>The kernel names (and aliases) Polyglot notebooks use, so every cell's kernel can be named.</summary>
    public static KernelInfoCollection KernelInfos { get; } = CreateKernelInfos();

    /// <summary>Reads the .ipynb or .dib file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Missing, unreadable or malformed; the message names the file and says why.</exception>
    public static InteractiveDocument Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".ipynb" or ".dib"))
        {
            throw new InvalidDataException($"{path}: expected a .ipynb or .dib notebook, got a '{extension}' file.");
        }

        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: notebook not found.");
        }

        if (FileKind.IsSpecial(path))
        {
            // Reading a FIFO would wait for a writer forever.
            throw new InvalidDataException($"{path}: not a regular file (a FIFO, socket or device); a notebook is a file.");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read: {e.Message}", e);
        }

        var text = Utf8Text(bytes, path);

        try
        {
            return extension == ".dib" ? CodeSubmission.Parse(text, KernelInfos) : ParseIpynb(text, path);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or InvalidCastException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a notebook this kernel can read: {e.Message}", e);
        }
    }

    /// <summary>The document as .ipynb text, with a cell id on every cell (nbformat 4.5 requires them).</summary>
    public static string ToIpynb(InteractiveDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        for (var i = 0; i < document.Elements.Count; i++)
        {
            document.Elements[i].Id ??= CellId(i, document.Elements[i].Contents);
        }

        using var stream = new MemoryStream();
        var kernels = new KernelInfoCollection { KernelInfos.Single(k => k.Name == NotebookKernel.CSharp) };
        kernels.DefaultKernelName = NotebookKernel.CSharp;
        Notebook.Write(document, stream, kernels);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>True for a markdown cell (which no kernel runs).</summary>
    public static bool IsMarkdown(this InteractiveDocumentElement cell) => cell.KernelName == "markdown";

    /// <summary>The MIME type → value map of a display or trailing-value output; null for streams and errors.</summary>
    public static IDictionary<string, object>? Data(this InteractiveDocumentOutputElement output) => output switch
    {
        DisplayElement display => display.Data,
        ReturnValueElement value => value.Data,
        _ => null,
    };

    /// <summary>An output value as stored: one string, or the lines of one.</summary>
    public static string Text(object? value) => value switch
    {
        string text => text,
        IEnumerable<object?> lines => string.Concat(lines),
        _ => value?.ToString() ?? "",
    };

    /// <summary>The cell's tags (metadata.tags), e.g. "parameters".</summary>
    public static IReadOnlyList<string> Tags(this InteractiveDocumentElement cell) =>
        cell.Metadata?.TryGetValue("tags", out var tags) == true ? tags switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray().Select(t => t.ToString())],
            IEnumerable items and not string => [.. items.Cast<object?>().Select(t => t?.ToString() ?? "")],
            _ => [],
        } : [];

    /// <summary>The first non-empty line, for reports ("cell 3 (var x = ...)").</summary>
    public static string FirstLine(this InteractiveDocumentElement cell) =>
        cell.Contents.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";

    /// <summary>The text of the first "# " heading in the first markdown cell, or null.</summary>
    public static string? Title(this InteractiveDocument document) =>
        document.Elements.FirstOrDefault(IsMarkdown)?.Contents.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();

    /// <summary>
    /// The file's text, which must be UTF-8 (as nbformat and .dib require). A byte sequence that is not UTF-8 is refused,
    /// naming its offset, rather than silently becoming U+FFFD in the executed copy.
    /// </summary>
    private static string Utf8Text(byte[] bytes, string path)
    {
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: not valid UTF-8 at byte {start + e.Index:N0}; save the notebook as UTF-8.", e);
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// As deep as the kernel's document library reads JSON: a notebook whose metadata nests 60 levels runs in
    /// dotnet-repl, so this check must not refuse it at System.Text.Json's default of 64.
    /// </summary>
    private const int MaxJsonDepth = 1024;

    private static InteractiveDocument ParseIpynb(string text, string path)
    {
        // The document library reads any JSON object as a notebook; say plainly what is not one.
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("nbformat", out var major) && (major.ValueKind != JsonValueKind.Number || !major.TryGetInt32(out var number) || number != 4))
            {
                throw new InvalidDataException($"{path}: unsupported nbformat {major}; expected 4.");
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{path}: expected a JSON object with a 'cells' array (a Jupyter notebook).");
            }

            if (!root.TryGetProperty("nbformat", out _))
            {
                throw new InvalidDataException($"{path}: unsupported nbformat (missing); expected 4.");
            }

            var cellNumber = 0;
            foreach (var cell in cells.EnumerateArray())
            {
                cellNumber++;
                if (cell.ValueKind == JsonValueKind.Object && cell.TryGetProperty("source", out var source) && !IsText(source))
                {
                    // The document library would read a number as an empty cell, which then "passes".
                    throw new InvalidDataException($"{path}: cell {cellNumber}: 'source' must be a string or a list of strings (nbformat 4), not {source.ValueKind.ToString().ToLowerInvariant()} {Shorten(source.GetRawText())}.");
                }
            }
        }

        return Notebook.Parse(text, KernelInfos);
    }

    private static bool IsText(JsonElement source) =>
        source.ValueKind == JsonValueKind.String
        || (source.ValueKind == JsonValueKind.Array && source.EnumerateArray().All(line => line.ValueKind == JsonValueKind.String));

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    /// <summary>A stable id for a cell that has none: the same notebook gets the same ids on every run.</summary>
    private static string CellId(int index, string contents) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{index}\n{contents}")))[..8];

    private static KernelInfoCollection CreateKernelInfos()
    {
        var kernels = new KernelInfoCollection
        {
            new KernelInfo(NotebookKernel.CSharp, "C#", ["c#", "C#", "cs"]),
            new KernelInfo("fsharp", "F#", ["f#", "F#"]),
            new KernelInfo("pwsh", "PowerShell", ["powershell"]),
            new KernelInfo("javascript", "JavaScript", ["js"]),
            new KernelInfo("html", "HTML"),
            new KernelInfo("sql", "SQL"),
            new KernelInfo("kql", "KQL"),
            new KernelInfo("mermaid", "Mermaid"),
            new KernelInfo("http", "HTTP"),
            new KernelInfo("value"),
            new KernelInfo("markdown", "Markdown", ["md"]),
        };
        kernels.DefaultKernelName = NotebookKernel.CSharp;
        return kernels;
    }
}
