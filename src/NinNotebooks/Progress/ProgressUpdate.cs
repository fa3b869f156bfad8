using System.Globalization;

namespace NinNotebooks.Progress;

/// <summary>
/// One report from long-running work (a download, an epoch): how much is done out of how much, how fast, and
/// how long is left. The console shows it with <see cref="ConsoleProgressBar"/>, a notebook with
/// <see cref="HtmlProgressView"/>; both receive the same reports through <see cref="IProgress{T}"/>.
/// </summary>
/// <param name="Task">What is being done, e.g. "download cifar-10-binary.tar.gz" or "epoch 3/20".</param>
/// <param name="Done">Units done so far.</param>
/// <param name="Total">Units in all, when known.</param>
/// <param name="Unit">The unit: "B" for bytes (shown as KB/MB/GB), otherwise e.g. "img" or "batch".</param>
/// <param name="Elapsed">Time since the work started.</param>
/// <param name="Detail">Extra text for the end of the line, e.g. "loss 1.234".</param>
public sealed record ProgressUpdate(string Task, double Done, double? Total, string Unit, TimeSpan Elapsed, string? Detail = null)
{
    /// <summary>Fraction done in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => Total is > 0 ? Math.Clamp(Done / Total.Value, 0, 1) : null;

    /// <summary>Units per second so far (0 before any time has passed).</summary>
    public double Rate => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left at the current rate, or null when it cannot be estimated.</summary>
    public TimeSpan? Remaining => Total is { } total && Rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - Done) / Rate) : null;

    /// <summary>True when the work is complete.</summary>
    public bool IsComplete => Total is { } total && Done >= total;

    /// <summary>The figures as one line, e.g. "12.0 MB / 162.2 MB  3.1 MB/s  ETA 0:48  loss 1.234".</summary>
    public string Figures()
    {
        var amount = Total is { } total ? $"{Amount(Done)} / {Amount(total)}" : Amount(Done);
        var text = $"{amount}  {Amount(Rate)}/s";
        if (Remaining is { } left && !IsComplete)
        {
            text += $"  ETA {Duration(left)}";
        }
        else if (IsComplete)
        {
            text += $"  in {Duration(Elapsed)}";
        }

        return Detail is null ? text : $"{text}  {Detail}";
    }

    private string Amount(double value)
    {
        if (Unit != "B")
        {
            return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {Unit}");
        }

        string[] units = ["B", "KB", "MB", "GB", "TB"];
        var index = 0;
        while (value >= 1000 && index < units.Length - 1)
        {
            value /= 1000;
            index++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[index]}");
    }

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
}
