using Microsoft.DotNet.Interactive.Formatting;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Formats displayed values and trailing expressions like the C# kernel: with Microsoft.DotNet.Interactive.Formatting,
/// in the requested MIME types or else the value's preferred one (text/html, text/plain for strings), so a notebook's
/// own <c>Formatter.Register</c> and <c>SetPreferredMimeTypesFor</c> take effect.
/// </summary>
internal static class ValueFormatter
{
    /// <summary>MIME type → text for <paramref name="value"/>.</summary>
    public static IReadOnlyDictionary<string, string> Format(object? value, IReadOnlyList<string> mimeTypes)
    {
        if (value is FormattedText formatted)
        {
            return new Dictionary<string, string> { [formatted.MimeType] = formatted.Text };
        }

        IReadOnlyCollection<string> mimes = mimeTypes.Count > 0
            ? mimeTypes
            : Formatter.GetPreferredMimeTypesFor(value?.GetType() ?? typeof(object)) is { Count: > 0 } preferred ? preferred : [Formatter.DefaultMimeType];
        return mimes.Distinct().ToDictionary(m => m, m => Formatter.ToDisplayString(value, m));
    }
}
