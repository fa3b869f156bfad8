using Plotly.NET;

namespace NinNotebooks.Charts;

/// <summary>
/// Builds Plotly.NET charts from plain trace and layout properties (the names of plotly.js's own JSON schema), which
/// reads better from C# than Plotly.NET's F# optional arguments.
/// </summary>
internal static class Figure
{
    /// <summary>A trace of plotly.js type <paramref name="type"/> ("scatter", "heatmap", "image", "bar").</summary>
    public static Trace Trace(string type, params (string Name, object Value)[] properties)
    {
        var trace = new Trace(type);
        foreach (var (name, value) in properties)
        {
            trace.SetProperty(name, value);
        }

        return trace;
    }

    /// <summary>A chart of <paramref name="traces"/> with Plotly.NET's default template and the given layout properties.</summary>
    public static GenericChart Create(IEnumerable<Trace> traces, string title, params (string Name, object Value)[] layout)
    {
        var chart = GenericChart.ofTraceObjects(true, traces);
        var target = GenericChart.getLayout(chart);
        target.SetProperty("title", new Dictionary<string, object> { ["text"] = title });
        foreach (var (name, value) in layout)
        {
            target.SetProperty(name, value);
        }

        return chart;
    }

    /// <summary>An axis with a title.</summary>
    public static Dictionary<string, object> Axis(string title, params (string Name, object Value)[] more)
    {
        var axis = new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = title } };
        foreach (var (name, value) in more)
        {
            axis[name] = value;
        }

        return axis;
    }

    /// <summary>An axis without ticks, grid or zero line, for pictures.</summary>
    public static Dictionary<string, object> PictureAxis(params (string Name, object Value)[] more)
    {
        var axis = new Dictionary<string, object> { ["showticklabels"] = false, ["showgrid"] = false, ["zeroline"] = false, ["ticks"] = "" };
        foreach (var (name, value) in more)
        {
            axis[name] = value;
        }

        return axis;
    }

    /// <summary>A text label placed in data coordinates.</summary>
    public static Dictionary<string, object> Label(string text, double x, double y) => new()
    {
        ["text"] = text,
        ["x"] = x,
        ["y"] = y,
        ["xref"] = "x",
        ["yref"] = "y",
        ["showarrow"] = false,
        ["yanchor"] = "bottom",
        ["font"] = new Dictionary<string, object> { ["size"] = 11 },
    };
}
