using NinNotebooks.Lessons;
using Xunit;

namespace NinNotebooks.Tests.Lessons;

/// <summary>The page a lesson app writes: it replaces only its own unchanged page, and nothing through a link.</summary>
public class LessonPageTests
{
    [Fact]
    public void Write_MarksThePage_AndReplacesOnlyItsOwnUnchangedPage()
    {
        using var dir = new TemporaryDirectory();
        var page = dir.File("lesson.html");

        LessonPage.Write(page, "<p>first</p>\n");
        Assert.StartsWith("<!-- Written by a lesson app", File.ReadAllText(page), StringComparison.Ordinal);
        LessonPage.Write(page, "<p>second</p>\n");
        Assert.EndsWith("\n<p>second</p>\n", File.ReadAllText(page), StringComparison.Ordinal);

        File.AppendAllText(page, "<p>my note</p>\n");
        var edited = File.ReadAllText(page);
        Assert.Contains("changed since", Assert.Throws<ArgumentException>(() => LessonPage.Write(page, "<p>third</p>\n")).Message, StringComparison.Ordinal);
        Assert.Equal(edited, File.ReadAllText(page));

        File.WriteAllText(page, "<p>someone's page</p>\n");
        Assert.Contains("was not written by a lesson app", Assert.Throws<ArgumentException>(() => LessonPage.Write(page, "<p>third</p>\n")).Message, StringComparison.Ordinal);
        Assert.Equal("<p>someone's page</p>\n", File.ReadAllText(page));
        Assert.Equal(["lesson.html"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("link to someone's file")]
    [InlineData("link to a page of ours")]
    [InlineData("dangling link")]
    [InlineData("folder")]
    public void Write_RefusesALinkOrAFolderAtThePagesPlace_AndFollowsNothing(string setup)
    {
        using var dir = new TemporaryDirectory();
        var page = dir.File("lesson.html");
        File.WriteAllText(dir.File("victim.html"), "<p>someone's file</p>\n");
        LessonPage.Write(dir.File("ours.html"), "<p>ours</p>\n");
        var ours = File.ReadAllText(dir.File("ours.html"));
        switch (setup)
        {
            case "link to someone's file":
                File.CreateSymbolicLink(page, dir.File("victim.html"));
                break;
            case "link to a page of ours":
                File.CreateSymbolicLink(page, dir.File("ours.html"));
                break;
            case "dangling link":
                File.CreateSymbolicLink(page, dir.File("nowhere.html"));
                break;
            default:
                Directory.CreateDirectory(page);
                break;
        }

        var refused = Assert.Throws<ArgumentException>(() => LessonPage.Write(page, "<p>new</p>\n"));

        Assert.StartsWith($"{page} is a ", refused.Message, StringComparison.Ordinal);
        Assert.Equal("<p>someone's file</p>\n", File.ReadAllText(dir.File("victim.html")));
        Assert.Equal(ours, File.ReadAllText(dir.File("ours.html")));
        Assert.False(File.Exists(dir.File("nowhere.html")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Write_RefusesAFifoAtThePagesPlace_WithoutWaitingOnIt()
    {
        using var dir = new TemporaryDirectory();
        var page = dir.File("lesson.html");
        Fifo.Create(page);

        // Opening a FIFO to read it waits until someone writes; a check that reads the page's mark would hang here.
        var thrown = await Fifo.ThrownWithoutOpening(page, () => LessonPage.Write(page, "<p>new</p>\n"));

        Assert.Equal($"{page} is not a regular file (a FIFO, socket or device); the lesson will not write its page there. Move it, or give another --page.", Assert.IsType<ArgumentException>(thrown).Message);
    }

    [Fact]
    public void Markdown_IsRenderedWithoutItsHtmlAndUnsafeLinks()
    {
        var html = LessonPage.Markdown("# T\n\n<script>alert(1)</script> [x](javascript:alert(1)) [y](https://example.org/)");

        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/\"", html, StringComparison.Ordinal);
    }
}
