namespace Microsoft.DotNet.Interactive;

/// <summary>
/// Where displays go in a file-based app exported from a notebook (<c>nin notebooks export --to cs</c>): a program has no
/// notebook to show values in, so each displayed value, and each update, is written to the console as text.
/// </summary>
public static class KernelEvents
{
    private static int _next;

    internal static DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var displayed = new DisplayedValue($"display-{Interlocked.Increment(ref _next)}", mimeTypes);
        Console.WriteLine(AsText(value));
        return displayed;
    }

    internal static void Update(DisplayedValue displayed, object? value) => Console.WriteLine(AsText(value));

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
