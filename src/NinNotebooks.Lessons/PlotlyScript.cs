using System.Reflection;
using System.Text.RegularExpressions;

namespace NinNotebooks.Lessons;

/// <summary>plotly.js as Plotly.NET carries it, and how to tell that HTML draws a chart, for pages that work offline.</summary>
public static partial class PlotlyScript
{
    /// <summary>True when <paramref name="html"/> draws a plotly.js chart (Plotly.NET or XPlot).</summary>
    public static bool DrawsChart(string html) => (html ?? "").Contains("Plotly.newPlot(", StringComparison.Ordinal);

    /// <summary>
    /// True when <paramref name="script"/> is plotly.js itself: its licence header names it in the first lines. Length
    /// alone does not tell (an image chart's script runs to hundreds of kilobytes), nor does the word (a title may say it).
    /// </summary>
    public static bool IsLibrary(string script) =>
        (script ?? "").TrimStart() is var text && text.StartsWith("/**", StringComparison.Ordinal)
        && text.AsSpan(0, Math.Min(text.Length, 200)).Contains("plotly.js v", StringComparison.Ordinal);

    /// <summary>plotly.min.js as embedded in a Plotly.NET assembly (as its own code reads it), safe inside a script element.</summary>
    /// <exception cref="InvalidOperationException">The assembly carries no plotly.js.</exception>
    public static string FromPlotlyNet(Assembly plotlyNet)
    {
        ArgumentNullException.ThrowIfNull(plotlyNet);
        var name = plotlyNet.GetManifestResourceNames().FirstOrDefault(n => PlotlyResource().IsMatch(n))
            ?? throw new InvalidOperationException($"plotly.js was not found in {plotlyNet.Location}.");
        using var stream = plotlyNet.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);

        // A closing script tag inside the library would end the script element early.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^Plotly\.NET\.plotly-.*\.min\.js$")]
    private static partial Regex PlotlyResource();
}
