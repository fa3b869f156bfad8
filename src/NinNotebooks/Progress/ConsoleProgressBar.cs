namespace NinNotebooks.Progress;

/// <summary>
/// Shows <see cref="ProgressUpdate"/> reports as a text progress bar. On a terminal the bar is redrawn in place;
/// when output is redirected (a log, CI) a line is written every 10 % instead, so logs stay short.
/// </summary>
public sealed class ConsoleProgressBar : IProgress<ProgressUpdate>
{
    private const int Width = 30;
    private readonly TextWriter _writer;
    private readonly bool _redraw;
    private int _lastDecile = -1;
    private string? _lastTask;

    /// <summary>Writes to <paramref name="writer"/>; <paramref name="redraw"/> says whether it is a terminal (carriage returns work).</summary>
    public ConsoleProgressBar(TextWriter writer, bool redraw)
    {
        _writer = writer;
        _redraw = redraw;
    }

    /// <inheritdoc/>
    public void Report(ProgressUpdate value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Task != _lastTask)
        {
            _lastTask = value.Task;
            _lastDecile = -1;
        }

        var line = Render(value);
        if (_redraw)
        {
            _writer.Write($"\r{line}\u001b[K");
            if (value.IsComplete)
            {
                _writer.WriteLine();
            }
        }
        else
        {
            var decile = value.Fraction is { } f ? (int)(f * 10) : _lastDecile + 1;
            if (decile != _lastDecile)
            {
                _lastDecile = decile;
                _writer.WriteLine(line);
            }
        }

        _writer.Flush();
    }

    /// <summary>One line: task, bar, percentage and figures.</summary>
    public static string Render(ProgressUpdate value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Fraction is not { } fraction)
        {
            return $"{value.Task}  {value.Figures()}";
        }

        var filled = (int)Math.Round(fraction * Width);
        var bar = new string('#', filled) + new string('-', Width - filled);
        return $"{value.Task} [{bar}] {fraction * 100,3:0}%  {value.Figures()}";
    }
}
