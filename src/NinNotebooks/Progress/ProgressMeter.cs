using System.Diagnostics;

namespace NinNotebooks.Progress;

/// <summary>
/// Turns "this much is done now" into <see cref="ProgressUpdate"/> reports with elapsed time, at most a few per
/// second (the first and the final report are always sent), so that fast loops do not flood a display.
/// </summary>
public sealed class ProgressMeter
{
    private readonly IProgress<ProgressUpdate>? _sink;
    private readonly string _task;
    private readonly double? _total;
    private readonly string _unit;
    private readonly TimeSpan _interval;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastReport;

    /// <summary>Starts the clock for one task; <paramref name="sink"/> may be null (nothing is reported).</summary>
    public ProgressMeter(IProgress<ProgressUpdate>? sink, string task, double? total, string unit, TimeSpan? interval = null)
    {
        _sink = sink;
        _task = task;
        _total = total;
        _unit = unit;
        _interval = interval ?? TimeSpan.FromMilliseconds(250);
    }

    /// <summary>Time since the meter was created.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// True when a report now would be passed on (there is a sink and the interval has passed). Lets a caller skip
    /// costly work, such as reading a value back from the GPU, when nothing would be shown.
    /// </summary>
    public bool Due => _sink is not null && (_lastReport is not { } last || _clock.Elapsed - last >= _interval);

    /// <summary>Reports <paramref name="done"/> units if enough time has passed since the last report, or if the work is complete.</summary>
    public void Report(double done, string? detail = null, bool force = false)
    {
        if (_sink is null)
        {
            return;
        }

        var now = _clock.Elapsed;
        var complete = _total is { } total && done >= total;
        if (force || complete || _lastReport is not { } last || now - last >= _interval)
        {
            _lastReport = now;
            _sink.Report(new ProgressUpdate(_task, done, _total, _unit, now, detail));
        }
    }
}
