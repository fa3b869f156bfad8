namespace NinNotebooks.Notebooks;

/// <summary>Kernel names and aliases Polyglot Notebooks knows, for cell selectors (#!csharp) and metadata.</summary>
internal static class Kernels
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["csharp"] = "csharp", ["c#"] = "csharp", ["C#"] = "csharp", ["cs"] = "csharp",
        ["fsharp"] = "fsharp", ["f#"] = "fsharp", ["F#"] = "fsharp",
        ["pwsh"] = "pwsh", ["powershell"] = "pwsh",
        ["javascript"] = "javascript", ["js"] = "javascript",
        ["markdown"] = "markdown", ["md"] = "markdown",
        ["html"] = "html", ["sql"] = "sql", ["kql"] = "kql", ["mermaid"] = "mermaid", ["http"] = "http", ["value"] = "value",
    };

    /// <summary>The canonical kernel name for <paramref name="nameOrAlias"/>, or null when it is not a kernel.</summary>
    public static string? Normalize(string nameOrAlias) => Aliases.GetValueOrDefault(nameOrAlias.Trim());
}
