extern alias lessonapp;

using Microsoft.AspNetCore.Html;
using NinNotebooks.Charts;
using lessonapp::Microsoft.DotNet.Interactive;
using Xunit;

namespace NinNotebooks.Tests.LessonApp;

/// <summary>In a file-based app exported from a notebook, displayed values are printed as readable text.</summary>
public class KernelEventsTests
{
    [Fact]
    public void AsText_HtmlBecomesItsText_ChartsANote_FormattedTextItsText()
    {
        Assert.Equal($"Title{Environment.NewLine}a & b{Environment.NewLine}cell 1 cell 2",
            KernelEvents.AsText(new HtmlString("<div><b>Title</b></div><p>a &amp; b</p><table><tr><td>cell 1</td><td>cell 2</td></tr></table>")));
        Assert.StartsWith("[a chart", KernelEvents.AsText(BarCharts.Bars("t", ["a"], [1], "v")), StringComparison.Ordinal);
        Assert.Equal("| a |", KernelEvents.AsText(new FormattedText("| a |", "text/markdown")));
        Assert.Equal("x", KernelEvents.AsText(new FormattedText("<i>x</i>", "text/html")));
        Assert.Equal("42", KernelEvents.AsText(42));
        Assert.Equal("<null>", KernelEvents.AsText(null));
    }
}
