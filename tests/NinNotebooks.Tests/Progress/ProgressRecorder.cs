using NinNotebooks.Progress;

namespace NinNotebooks.Tests.Progress;

/// <summary>Keeps every progress report it is given, for tests to inspect.</summary>
internal sealed class ProgressRecorder : IProgress<ProgressUpdate>
{
    public List<ProgressUpdate> Reports { get; } = [];

    public void Report(ProgressUpdate value) => Reports.Add(value);
}
