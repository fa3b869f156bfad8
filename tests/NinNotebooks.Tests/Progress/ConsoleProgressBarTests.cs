using NinNotebooks.Progress;

namespace NinNotebooks.Tests.Progress;

public class ConsoleProgressBarTests
{
    private static IEnumerable<ProgressUpdate> Steps(int count) =>
        Enumerable.Range(1, count).Select(i => new ProgressUpdate("download a", i, count, "B", TimeSpan.FromSeconds(i)));

    [Fact]
    public void Redirected_WritesOneLinePerTenthOnly()
    {
        using var writer = new StringWriter();
        var bar = new ConsoleProgressBar(writer, redraw: false);

        foreach (var step in Steps(1000))
        {
            bar.Report(step);
        }

        var lines = writer.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(11, lines.Length);
        Assert.StartsWith("download a [##############################] 100%", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain('\r', writer.ToString());
    }

    [Fact]
    public void Terminal_RedrawsInPlace_AndEndsTheLineWhenComplete()
    {
        using var writer = new StringWriter();
        var bar = new ConsoleProgressBar(writer, redraw: true);

        foreach (var step in Steps(4))
        {
            bar.Report(step);
        }

        var text = writer.ToString();
        Assert.Equal(4, text.Count(c => c == '\r'));
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Single(text.Split(Environment.NewLine), l => l.Length > 0);
    }

    [Fact]
    public void Render_ShowsBarPercentAndFigures()
    {
        var line = ConsoleProgressBar.Render(new ProgressUpdate("epoch 2/5", 50, 200, "img", TimeSpan.FromSeconds(5)));

        Assert.Equal("epoch 2/5 [########----------------------]  25%  50 img / 200 img  10 img/s  ETA 0:15", line);
    }
}
