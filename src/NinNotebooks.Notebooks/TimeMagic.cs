using System.Diagnostics;
using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace NinNotebooks.Notebooks;

/// <summary>
/// <c>#!time</c>: shows how long the cell took ("Wall time: 12.3ms"), as the kernel tool's magic command does. The tool
/// takes it from Microsoft.DotNet.Interactive.Jupyter, a package the feed does not serve, so the host adds it itself.
/// </summary>
internal static class TimeMagic
{
    /// <summary>Adds <c>#!time</c> to <paramref name="kernel"/>.</summary>
    public static void Use(Kernel kernel) =>
        kernel.AddDirective(new KernelActionDirective("#!time") { Description = "Time the execution of the cell" }, (_, context) =>
        {
            var clock = Stopwatch.StartNew();
            context.OnComplete(done => done.Publish(new DisplayedValueProduced(clock.Elapsed, context.Command,
                [new FormattedValue(PlainTextFormatter.MimeType, string.Create(CultureInfo.InvariantCulture, $"Wall time: {clock.Elapsed.TotalMilliseconds}ms"))])));
            return Task.CompletedTask;
        });
}
