namespace NinNotebooks.Notebooks;

/// <summary>One output of a code cell, as VS Code stores it in an .ipynb.</summary>
public abstract record CellOutput;

/// <summary>A displayed value (also a cell's trailing expression): its formatted text per MIME type.</summary>
/// <param name="Data">MIME type → formatted text, e.g. "text/html" → "&lt;table&gt;...".</param>
/// <param name="DisplayId">The display it belongs to, for updates (not written to the file).</param>
public sealed record DisplayOutput(IReadOnlyDictionary<string, string> Data, string? DisplayId = null) : CellOutput;

/// <summary>Console output: "stdout" or "stderr", consecutive writes merged.</summary>
public sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary>An error: a compile error's diagnostics or a runtime exception.</summary>
/// <param name="Name">"Error", as the Polyglot extension writes it.</param>
/// <param name="Value">The whole message.</param>
/// <param name="Traceback">The message split into lines.</param>
public sealed record ErrorOutput(string Name, string Value, IReadOnlyList<string> Traceback) : CellOutput
{
    /// <summary>An error output for <paramref name="message"/>.</summary>
    public static ErrorOutput From(string message) =>
        new("Error", message, message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
}
