using System.Net;
using System.Text.RegularExpressions;
using NinNotebooks.Notebooks.Export;
using Xunit;

namespace NinNotebooks.Tests.Notebooks.Export;

public partial class CodeHighlighterTests
{
    private const string Source = "#r \"nuget: TorchSharp-cpu, 0.107.0\"\nusing static TorchSharp.torch;\n/* block */ var x = 1.5f; // tail\nstring s = $\"a {x} b\" + @\"c\" + 'd';\nx";

    [Fact]
    public void ToHtml_KeepsTheTextExactly()
    {
        var html = CodeHighlighter.ToHtml(Source);
        Assert.Equal(Source, WebUtility.HtmlDecode(Tags().Replace(html, "")));
    }

    [Fact]
    public void ToHtml_MarksKeywordsStringsNumbersCommentsAndDirectives()
    {
        var html = CodeHighlighter.ToHtml(Source);
        Assert.Contains("<span class=\"dir\">#</span><span class=\"dir\">r</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"str\">&quot;nuget: TorchSharp-cpu, 0.107.0&quot;</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"kw\">using</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"kw\">var</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"num\">1.5f</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"com\">/* block */</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"com\">// tail</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"str\">@&quot;c&quot;</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"str\">&#39;d&#39;</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<span class=\"kw\">x</span>", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
