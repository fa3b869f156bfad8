using System.Reflection;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Formatting;
using NinNotebooks.Lessons;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Charts that draw offline. Plotly.NET.Interactive's formatter loads require.js and plotly.js from CDNs when the output
/// is shown, which fails without a network (CI, a classroom, the HTML book). After the extension has loaded, this
/// formatter takes its place for <c>GenericChart</c>: the chart's own div and script, with no reference to plotly.js;
/// the executed copy then carries plotly.js once, inline, before its first chart (<see cref="IncludeLibrary"/>).
/// </summary>
/// <remarks>
/// Plotly.NET is found among the loaded assemblies rather than referenced: the host loads FSharp.Core 10.0 as the kernel
/// tool does, and code compiled against Plotly.NET (built against FSharp.Core 10.1) would not build here.
/// </remarks>
internal static class OfflineCharts
{
    /// <summary>Registers the offline formatter when Plotly.NET is loaded; later registrations win, so call it after extensions load.</summary>
    public static void Register()
    {
        var chart = Loaded("Plotly.NET")?.GetType("Plotly.NET.GenericChart");
        var toHtml = chart?.GetMethod("toChartHTML", BindingFlags.Public | BindingFlags.Static, [chart]);
        if (chart is null || toHtml is null)
        {
            return;
        }

        Formatter.Register(chart, (value, writer) => writer.Write((string)toHtml.Invoke(null, [value])!), HtmlFormatter.MimeType);
    }

    /// <summary>Puts plotly.js, inline, in front of the first output of <paramref name="document"/> that draws a chart.</summary>
    public static void IncludeLibrary(InteractiveDocument document)
    {
        var first = document.Elements.SelectMany(e => e.Outputs).Select(o => o.Data())
            .FirstOrDefault(data => data?.TryGetValue(HtmlFormatter.MimeType, out var html) == true && DrawsChart(NotebookDocument.Text(html)));
        if (first is null || Loaded("Plotly.NET") is not { } plotly)
        {
            // Without Plotly.NET in the kernel there is no plotly.js to give; such HTML relies on its own script tags.
            return;
        }

        first[HtmlFormatter.MimeType] = $"<script type=\"text/javascript\">{PlotlyJs(plotly)}</script>{NotebookDocument.Text(first[HtmlFormatter.MimeType])}";
    }

    /// <summary>True when <paramref name="html"/> draws a plotly.js chart (Plotly.NET or XPlot).</summary>
    public static bool DrawsChart(string html) => PlotlyScript.DrawsChart(html);

    /// <summary>plotly.min.js as embedded in a Plotly.NET assembly (as its own code reads it).</summary>
    public static string PlotlyJs(Assembly plotlyNet) => PlotlyScript.FromPlotlyNet(plotlyNet);

    private static Assembly? Loaded(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);
}
