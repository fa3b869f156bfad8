using NinNotebooks.Platform;
using Xunit;

namespace NinNotebooks.Tests.Platform;

/// <summary>The one rule for what a writer may replace: nothing, or its own unchanged regular file; never a link, folder or FIFO.</summary>
public class OwnershipTests
{
    [Theory]
    [InlineData("nothing", "Nothing", false)]
    [InlineData("our unchanged file", "Ours", true)]
    [InlineData("our file, edited", "ChangedSince", true)]
    [InlineData("someone's file", "NotOurs", true)]
    [InlineData("a link to our unchanged file", "Link", false)]
    [InlineData("a dangling link", "Link", false)]
    [InlineData("a folder", "Folder", false)]
    [InlineData("a fifo", "Special", false)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Of_SaysWhatStandsThere_AndAsksTheWriterAboutRegularFilesOnly(string setup, string expected, bool asked)
    {
        using var dir = new TemporaryDirectory();
        var path = dir.File("target");
        File.WriteAllText(dir.File("ours"), "ours");
        switch (setup)
        {
            case "our unchanged file":
                File.WriteAllText(path, "ours");
                break;
            case "our file, edited":
                File.WriteAllText(path, "ours, edited");
                break;
            case "someone's file":
                File.WriteAllText(path, "theirs");
                break;
            case "a link to our unchanged file":
                File.CreateSymbolicLink(path, dir.File("ours"));
                break;
            case "a dangling link":
                File.CreateSymbolicLink(path, dir.File("nowhere"));
                break;
            case "a folder":
                Directory.CreateDirectory(path);
                break;
            case "a fifo":
                Fifo.Create(path);
                break;
        }

        var askedAbout = new List<string>();
        var standing = Ownership.Standing.Nothing;
        var thrown = await Fifo.ThrownWithoutOpening(path, () => standing = Ownership.Of(path, p =>
        {
            askedAbout.Add(p);
            var text = File.ReadAllText(p);
            return text == "ours" ? true : text.StartsWith("ours", StringComparison.Ordinal) ? false : null;
        }));

        Assert.Null(thrown);
        Assert.Equal(expected, standing.ToString());
        Assert.Equal(asked ? [path] : [], askedAbout);
    }
}
