using NinNotebooks.Progress;

namespace NinNotebooks.Tests.Progress;

public class HtmlProgressViewTests
{
    [Fact]
    public void EachReport_UpdatesTheDisplayWithAProgressElement()
    {
        var shown = new List<string>();
        var view = new HtmlProgressView(shown.Add);

        view.Report(new ProgressUpdate("train <NiN>", 1, 4, "batch", TimeSpan.FromSeconds(1)));
        view.Report(new ProgressUpdate("train <NiN>", 4, 4, "batch", TimeSpan.FromSeconds(4)));

        Assert.Equal(2, shown.Count);
        Assert.Contains("<progress max=\"1\" value=\"0.25\"", shown[0]);
        Assert.Contains("train &lt;NiN&gt;", shown[0]);
        Assert.Contains("100%", shown[1]);
    }
}
