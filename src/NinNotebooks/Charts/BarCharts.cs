using Plotly.NET;

namespace NinNotebooks.Charts;

/// <summary>Bar charts for comparisons: parameters, multiply-accumulates, timings.</summary>
public static class BarCharts
{
    /// <summary>One bar per label, with its value written on it.</summary>
    /// <param name="title">The chart's title.</param>
    /// <param name="labels">What each bar is.</param>
    /// <param name="values">The bars' heights, as many as labels.</param>
    /// <param name="valueTitle">The value axis's title, with its unit.</param>
    /// <param name="logScale">A logarithmic value axis, for values that differ by orders of magnitude.</param>
    public static GenericChart Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueTitle, bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        if (labels.Count == 0 || labels.Count != values.Count)
        {
            throw new ArgumentException($"Give one value per label ({labels.Count} labels, {values.Count} values).", nameof(values));
        }

        var text = values.Select(v => v.ToString(Math.Abs(v) >= 100 ? "N0" : "G3", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var trace = Figure.Trace("bar", ("x", labels.ToArray()), ("y", values.ToArray()), ("text", text), ("textposition", "auto"));
        var axis = logScale ? Figure.Axis(valueTitle, ("type", "log")) : Figure.Axis(valueTitle);
        return Figure.Create([trace], title, ("yaxis", axis));
    }
}
