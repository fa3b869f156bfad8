using System.Reflection;
using Microsoft.DotNet.Interactive.Formatting;
using NinNotebooks.Lessons;

namespace Microsoft.DotNet.Interactive;

/// <summary>
/// Where displays go in a file-based app exported from a notebook (<c>nin notebooks export --to cs</c>): a program has no
/// notebook to show values in, so each displayed value, and each update, is written to the console as text, and onto
/// the lesson's page (<see cref="Lesson"/>) as the notebook would show it.
/// </summary>
public static class KernelEvents
{
    private static int _next;

    internal static DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var displayed = new DisplayedValue($"display-{Interlocked.Increment(ref _next)}", mimeTypes);
        Lesson.Out.WriteLine(AsText(value));
        Lesson.Displayed(displayed.DisplayId, () => AsHtml(value, mimeTypes));
        return displayed;
    }

    internal static void Update(DisplayedValue displayed, object? value)
    {
        Lesson.Out.WriteLine(AsText(value));
        Lesson.Updated(displayed.DisplayId, () => AsHtml(value, [.. displayed.MimeTypes]));
    }

    /// <summary>A displayed value as a program prints it: HTML as its text, a chart as a note, anything else by ToString.</summary>
    internal static string AsText(object? value)
    {
        if (ChartType(value) is not null)
        {
            return Lesson.PagePath is { } page
                ? $"[a chart: see it on the lesson's page, {page}]"
                : "[a chart: run the lesson without --no-page, or look at its page in the exported HTML book, to see it]";
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

    /// <summary>
    /// A displayed value as the notebook shows it, as HTML for the lesson's page: a Plotly.NET chart as Plotly.NET draws
    /// it (its div and script; the page carries plotly.js), HTML as it is, text encoded, any other value as the kernel's
    /// formatter shows it (its preferred MIME type, or the one asked for).
    /// </summary>
    internal static string AsHtml(object? value, string[] mimeTypes)
    {
        if (ChartType(value) is { } chart)
        {
            return chart.GetMethod("toChartHTML", BindingFlags.Public | BindingFlags.Static, [chart]) is { } toHtml
                ? LessonPage.Html((string)toHtml.Invoke(null, [value])!)
                : LessonPage.Text(AsText(value));
        }

        switch (value)
        {
            case null:
                return LessonPage.Text("<null>");
            case FormattedText { MimeType: "text/html" } formatted:
                return LessonPage.Html(formatted.Text);
            case FormattedText formatted:
                return LessonPage.Text(formatted.Text);
            case Microsoft.AspNetCore.Html.IHtmlContent html:
                using (var writer = new StringWriter())
                {
                    html.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
                    return LessonPage.Html(writer.ToString());
                }

            case string text:
                return LessonPage.Text(text);
        }

        var mime = mimeTypes.FirstOrDefault() ?? Formatter.GetPreferredMimeTypesFor(value.GetType()).FirstOrDefault() ?? PlainTextFormatter.MimeType;
        return mime == HtmlFormatter.MimeType ? LessonPage.Html(value.ToDisplayString(mime)) : LessonPage.Text(value.ToDisplayString(PlainTextFormatter.MimeType));
    }

    /// <summary>Plotly.NET's GenericChart (or XPlot's PlotlyChart) when <paramref name="value"/> is one of its charts.</summary>
    private static Type? ChartType(object? value)
    {
        for (var type = value?.GetType(); type is not null; type = type.BaseType)
        {
            if (type.FullName is "Plotly.NET.GenericChart" or "XPlot.Plotly.PlotlyChart")
            {
                return type;
            }
        }

        return null;
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
