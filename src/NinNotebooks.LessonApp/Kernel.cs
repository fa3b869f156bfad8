using Microsoft.AspNetCore.Html;

namespace Microsoft.DotNet.Interactive;

/// <summary>
/// The helpers a C# notebook cell can call without a <c>using</c>, as in the .NET Interactive C# kernel (which runs
/// <c>using static Microsoft.DotNet.Interactive.Kernel;</c> first): <c>display</c>, <c>HTML</c>, <c>CSS</c>, <c>Javascript</c>.
/// </summary>
public static class Kernel
{
    /// <summary>Shows <paramref name="value"/> in the cell's output, formatted for <paramref name="mimeTypes"/> (default: the type's preferred MIME type).</summary>
    /// <returns>A handle whose <see cref="DisplayedValue.Update"/> replaces what was shown.</returns>
    public static DisplayedValue display(object? value, params string[] mimeTypes) => KernelEvents.Display(value, mimeTypes);

    /// <summary>Marks <paramref name="content"/> as HTML, to be shown as it is.</summary>
    public static IHtmlContent HTML(string content) => new HtmlString(content);

    /// <summary>Adds a style sheet to the output.</summary>
    public static void CSS(string content) => display(HTML($"<style>{content}</style>"), "text/html");

    /// <summary>Runs a script in the output.</summary>
    public static void Javascript(string scriptContent) => display(HTML($"<script type=\"text/javascript\">{scriptContent}</script>"), "text/html");
}
