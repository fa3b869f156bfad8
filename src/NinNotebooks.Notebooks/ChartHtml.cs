using System.Reflection;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Renders Plotly.NET charts (<c>GenericChart</c>) and XPlot.Plotly charts (<c>PlotlyChart</c>) as HTML that works
/// offline, which is what the kernel extensions Plotly.NET.Interactive and XPlot.Plotly.Interactive did online: the
/// chart's own div and script, with plotly.js itself included once per notebook (before its first chart) instead of
/// being fetched from a CDN. plotly.js comes from the Plotly.NET assembly, where it is embedded.
/// </summary>
internal sealed class ChartHtml(Func<Assembly?> plotlyNet)
{
    private bool _scriptWritten;

    /// <summary>The HTML for <paramref name="value"/> when it is a chart, else null.</summary>
    public string? TryRender(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var type = value.GetType();
        string? chart = null;
        if (Base(type, "Plotly.NET.GenericChart") is { } generic)
        {
            chart = generic.GetMethod("toChartHTML", BindingFlags.Public | BindingFlags.Static, [generic])?.Invoke(null, [value]) as string;
        }
        else if (Base(type, "XPlot.Plotly.PlotlyChart") is { } xplot)
        {
            chart = xplot.GetMethod("GetInlineHtml", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.Invoke(value, null) as string;
        }

        if (chart is null)
        {
            return null;
        }

        if (_scriptWritten)
        {
            return chart;
        }

        _scriptWritten = true;
        var assembly = Base(type, "Plotly.NET.GenericChart")?.Assembly ?? plotlyNet();
        return $"<script type=\"text/javascript\">{PlotlyJs(assembly)}</script>{chart}";
    }

    /// <summary>plotly.min.js as embedded in a Plotly.NET assembly.</summary>
    internal static string PlotlyJs(Assembly? plotlyNet)
    {
        var name = plotlyNet?.GetManifestResourceNames().FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("plotly.js was not found: the charts need the Plotly.NET package, which embeds it.");
        using var stream = plotlyNet!.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);

        // A closing script tag inside the library would end the script element early.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }

    private static Type? Base(Type type, string fullName)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.FullName == fullName)
            {
                return t;
            }
        }

        return null;
    }
}
