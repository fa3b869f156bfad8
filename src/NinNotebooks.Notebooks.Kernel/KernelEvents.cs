namespace Microsoft.DotNet.Interactive;

/// <summary>One display request from notebook code: a new value, or an update of an earlier one (same <see cref="DisplayId"/>).</summary>
/// <param name="DisplayId">Which output the value occupies.</param>
/// <param name="Value">The value to format.</param>
/// <param name="MimeTypes">Requested MIME types (empty: the value's preferred type).</param>
/// <param name="IsUpdate">True when it replaces an earlier value.</param>
public sealed record DisplayEvent(string DisplayId, object? Value, IReadOnlyList<string> MimeTypes, bool IsUpdate);

/// <summary>
/// Where displays go: the notebook executor sets <see cref="Sink"/> while a cell runs. Outside the executor (no sink)
/// displayed values are written to the console as text, so the same code also runs as a plain program.
/// </summary>
public static class KernelEvents
{
    private static int _next;

    /// <summary>Receives every display request; set by the executor.</summary>
    public static Action<DisplayEvent>? Sink { get; set; }

    internal static DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var displayed = new DisplayedValue($"display-{Interlocked.Increment(ref _next)}", mimeTypes);
        Publish(new DisplayEvent(displayed.DisplayId, value, mimeTypes, IsUpdate: false));
        return displayed;
    }

    internal static void Update(DisplayedValue displayed, object? value) =>
        Publish(new DisplayEvent(displayed.DisplayId, value, displayed.MimeTypes, IsUpdate: true));

    private static void Publish(DisplayEvent display)
    {
        if (Sink is { } sink)
        {
            sink(display);
        }
        else
        {
            Console.WriteLine(display.Value?.ToString() ?? "<null>");
        }
    }
}
