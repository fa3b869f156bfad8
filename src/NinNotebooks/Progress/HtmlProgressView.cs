using System.Globalization;
using System.Net;

namespace NinNotebooks.Progress;

/// <summary>
/// Shows <see cref="ProgressUpdate"/> reports in a notebook: each report becomes a small HTML fragment (a
/// <c>&lt;progress&gt;</c> bar and the figures) passed to <paramref name="update"/>, which a notebook wires to an
/// updatable display, e.g. <c>var view = display(HTML("")); new HtmlProgressView(h =&gt; view.Update(HTML(h)))</c>.
/// The library itself does not depend on any notebook kernel.
/// </summary>
public sealed class HtmlProgressView(Action<string> update) : IProgress<ProgressUpdate>
{
    private readonly Action<string> _update = update ?? throw new ArgumentNullException(nameof(update));

    /// <inheritdoc/>
    public void Report(ProgressUpdate value) => _update(Render(value));

    /// <summary>The HTML for one report.</summary>
    public static string Render(ProgressUpdate value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bar = value.Fraction is { } fraction
            ? string.Create(CultureInfo.InvariantCulture, $"<progress max=\"1\" value=\"{fraction:0.####}\" style=\"width:20em\"></progress> {fraction * 100:0}%")
            : "<progress style=\"width:20em\"></progress>";
        return $"<div><b>{WebUtility.HtmlEncode(value.Task)}</b> {bar} <code>{WebUtility.HtmlEncode(value.Figures())}</code></div>";
    }
}
