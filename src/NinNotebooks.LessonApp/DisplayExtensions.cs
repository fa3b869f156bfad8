using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;

namespace Microsoft.DotNet.Interactive;

/// <summary>
/// <c>x.Display()</c> and <c>text.DisplayAs(mimeType)</c> in a file-based app: as in the kernel, they are the
/// formatting library's own extensions (namespace System, Microsoft.DotNet.Interactive.Formatting), which hand each
/// displayed value, and each update of one, to whoever subscribes. This class subscribes when the app starts and
/// passes them on to <see cref="KernelEvents"/>, so they reach the console and the lesson's page like <c>display(...)</c>.
/// (Defining the extensions here too would make every call ambiguous: the app sees the formatting library as well.)
/// </summary>
internal static class FormatterDisplays
{
    private static readonly ConditionalWeakTable<Formatting.DisplayedValue, DisplayedValue> Shown = [];

#pragma warning disable CA2255 // The app must subscribe before its first cell; nothing else runs first in every app.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Subscribe() => Formatter.SubscribeToDisplayedValues(OnDisplayed);

    private static void OnDisplayed(Formatting.DisplayedValue displayed)
    {
        // DisplayAs gives a string already formatted for one MIME type; Display gives the value itself.
        var value = displayed.Value is string text && displayed.FormattedValues is [{ } only] && only.Value == text
            ? new FormattedText(text, only.MimeType)
            : displayed.Value;
        if (Shown.TryGetValue(displayed, out var shown))
        {
            KernelEvents.Update(shown, value);
        }
        else
        {
            Shown.Add(displayed, KernelEvents.Display(value, []));
        }
    }
}

/// <summary>Text already formatted for a MIME type (what <c>text.DisplayAs(mimeType)</c> shows).</summary>
/// <param name="Text">The content.</param>
/// <param name="MimeType">Its MIME type.</param>
public sealed record FormattedText(string Text, string MimeType);
