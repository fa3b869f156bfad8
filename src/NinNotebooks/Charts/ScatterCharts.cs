using Plotly.NET;
using static TorchSharp.torch;

namespace NinNotebooks.Charts;

/// <summary>Point clouds in the plane, side by side.</summary>
public static class ScatterCharts
{
    /// <summary>
    /// One panel per point set (each N × 2: x, y), in a row, each with its own title and equal axis scales, the points
    /// coloured from the first to the last so that an ordered curve such as a spiral can be followed.
    /// </summary>
    public static GenericChart Panels(string title, IReadOnlyList<Tensor> points, IReadOnlyList<string> titles)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(titles);
        if (points.Count == 0 || points.Count != titles.Count)
        {
            throw new ArgumentException($"Give one title per point set ({points.Count} point sets, {titles.Count} titles).", nameof(titles));
        }

        var traces = new List<Trace>();
        var layout = new List<(string, object)> { ("grid", new Dictionary<string, object> { ["rows"] = 1, ["columns"] = points.Count, ["pattern"] = "independent" }), ("showlegend", false) };
        var annotations = new List<Dictionary<string, object>>();
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].dim() != 2 || points[i].shape[1] != 2)
            {
                throw new ArgumentException($"Point set {i + 1} should be N × 2, got [{string.Join(", ", points[i].shape)}].", nameof(points));
            }

            var values = points[i].detach().cpu().to(ScalarType.Float32).data<float>().ToArray();
            var suffix = i == 0 ? "" : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            traces.Add(Figure.Trace("scatter", ("x", values.Where((_, j) => j % 2 == 0).ToArray()), ("y", values.Where((_, j) => j % 2 == 1).ToArray()),
                ("mode", "markers"), ("marker", new Dictionary<string, object> { ["size"] = 4, ["color"] = Enumerable.Range(0, values.Length / 2).ToArray(), ["colorscale"] = "Viridis" }),
                ("xaxis", "x" + suffix), ("yaxis", "y" + suffix), ("name", titles[i])));
            layout.Add(("xaxis" + suffix, Figure.Axis(titles[i])));
            layout.Add(("yaxis" + suffix, Figure.Axis("", ("scaleanchor", "x" + suffix))));
        }

        return Figure.Create(traces, title, [.. layout]);
    }
}
