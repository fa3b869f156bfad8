using Microsoft.DotNet.Interactive;

namespace System;

/// <summary><c>x.Display()</c> and friends, in namespace System as in .NET Interactive, so no <c>using</c> is needed.</summary>
public static class DisplayExtensions
{
    /// <summary>Shows <paramref name="value"/> in the cell's output.</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) => Kernel.display(value, mimeTypes);

    /// <summary>Shows <paramref name="value"/> as already-formatted content of <paramref name="mimeType"/>.</summary>
    public static DisplayedValue DisplayAs(this string value, string mimeType) =>
        Kernel.display(new FormattedText(value, mimeType), mimeType);
}

/// <summary>Text already formatted for a MIME type (what <see cref="DisplayExtensions.DisplayAs"/> shows).</summary>
/// <param name="Text">The content.</param>
/// <param name="MimeType">Its MIME type.</param>
public sealed record FormattedText(string Text, string MimeType);
