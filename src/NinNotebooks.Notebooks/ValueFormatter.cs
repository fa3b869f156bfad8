using Microsoft.DotNet.Interactive.Formatting;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Formats displayed values and trailing expressions like the C# kernel: with Microsoft.DotNet.Interactive.Formatting,
/// in the requested MIME types or else the value's preferred one (text/html, text/plain for strings), so a notebook's
/// own <c>Formatter.Register</c> and <c>SetPreferredMimeTypesFor</c> take effect. Plotly charts become offline HTML
/// (see <see cref="ChartHtml"/>), as the kernel extensions registered them.
/// </summary>
internal sealed class ValueFormatter(ChartHtml charts)
{
    /// <summary>MIME type → text for <paramref name="value"/>.</summary>
    public IReadOnlyDictionary<string, string> Format(object? value, IReadOnlyList<string> mimeTypes)
    {
        if (value is FormattedText formatted)
        {
            return new Dictionary<string, string> { [formatted.MimeType] = formatted.Text };
        }

        if ((mimeTypes.Count == 0 || mimeTypes.Contains("text/html")) && charts.TryRender(value) is { } chart)
        {
            return new Dictionary<string, string> { ["text/html"] = chart };
        }

        IReadOnlyCollection<string> mimes = mimeTypes.Count > 0
            ? mimeTypes
            : Formatter.GetPreferredMimeTypesFor(value?.GetType() ?? typeof(object)) is { Count: > 0 } preferred ? preferred : [Formatter.DefaultMimeType];
        return mimes.Distinct().ToDictionary(m => m, m => Formatter.ToDisplayString(value, m));
    }
}
