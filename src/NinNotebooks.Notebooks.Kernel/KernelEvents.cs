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
            Console.WriteLine(AsText(display.Value));
        }
    }

    /// <summary>A displayed value as a program prints it: HTML as its text, a chart as a note, anything else by ToString.</summary>
    internal static string AsText(object? value)
    {
        for (var type = value?.GetType(); type is not null; type = type.BaseType)
        {
            if (type.FullName is "Plotly.NET.GenericChart" or "XPlot.Plotly.PlotlyChart")
            {
                return "[a chart: run the notebook, or look at its page in the exported HTML book, to see it]";
            }
        }

        return value switch
        {
            null => "<null>",
            FormattedText { MimeType: "text/html" } formatted => HtmlText(new Microsoft.AspNetCore.Html.HtmlString(formatted.Text)),
            FormattedText formatted => formatted.Text,
            Microsoft.AspNetCore.Html.IHtmlContent html => HtmlText(html),
            _ => value.ToString() ?? "",
        };
    }

    private static string HtmlText(Microsoft.AspNetCore.Html.IHtmlContent html)
    {
        using var writer = new StringWriter();
        html.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        var text = System.Text.RegularExpressions.Regex.Replace(writer.ToString(), "<(br|/p|/div|/tr|/li|/h[1-6])[^>]*>", "\n");
        text = System.Text.RegularExpressions.Regex.Replace(text, "<[^>]+>", " ");
        var lines = System.Net.WebUtility.HtmlDecode(text).Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, "[ \t]+", " ").Trim()).Where(l => l.Length > 0);
        return string.Join(Environment.NewLine, lines);
    }
}
