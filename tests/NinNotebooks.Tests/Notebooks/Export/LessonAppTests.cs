using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Notebooks;
using NinNotebooks.Notebooks.Export;
using Xunit;

namespace NinNotebooks.Tests.Notebooks.Export;

/// <summary>
/// An exported lesson app at run time (<c>dotnet run NAME.cs</c>): its command line, and the page it writes as it runs
/// (a failing cell, a page's place that holds someone else's file, updates, printed text).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Integration)]
public class LessonAppTests
{
    [Fact]
    public void ALessonApp_RefusesBadParametersAndAForeignPage_ThenWritesThePageUpToAFailingCell_AndExitsNonZero()
    {
        using var dir = new TemporaryDirectory();
        var scratch = Path.Combine(RepositoryPaths.Root, "artifacts", "test-notebooks", Guid.NewGuid().ToString("N"));
        try
        {
            var notebook = Path.Combine(scratch, "lesson.ipynb");
            Directory.CreateDirectory(scratch);
            var document = new InteractiveDocument
            {
                new InteractiveDocumentElement("# A lesson that fails\n\nIt counts, then **fails**.", "markdown"),
                new InteractiveDocumentElement("var count = 2;\nvar name = \"nobody\";", NotebookKernel.CSharp)
                {
                    Metadata = new Dictionary<string, object> { ["tags"] = new List<object> { NotebookParameters.Tag } },
                },
                new InteractiveDocumentElement("## Counting", "markdown"),
                new InteractiveDocumentElement("var view = display(\"starting\");\nfor (var i = 1; i <= count; i++) view.Update($\"step {i} of {count}\");\nConsole.WriteLine($\"printed by {name}\");\n\"<b>shown as HTML</b>\".DisplayAs(\"text/html\");", NotebookKernel.CSharp),
                new InteractiveDocumentElement("throw new InvalidOperationException(\"boom in the third cell\");", NotebookKernel.CSharp),
                new InteractiveDocumentElement("## Never reached", "markdown"),
                new InteractiveDocumentElement("Console.WriteLine(\"never printed\");", NotebookKernel.CSharp),
            };
            File.WriteAllText(notebook, NotebookDocument.ToIpynb(document));
            var app = FileBasedApp.Write(notebook, dir.File("apps"), []);
            var page = dir.File("apps", "lesson.html");
            File.WriteAllText(page, "<p>my own notes</p>\n");

            // Bad input fails before any cell runs, with one line naming the setting.
            var unknown = LessonAppRun.Run(dir, app, "--param", "colour=red");
            Assert.True(unknown.ExitCode == 2, unknown.All);
            Assert.Equal(["error: --param colour: not a parameter of this lesson; its parameters are count, name."], ErrorLines(unknown));
            var mistyped = LessonAppRun.Run(dir, app, "count=many");
            Assert.True(mistyped.ExitCode == 2, mistyped.All);
            Assert.Equal(["error: --param count=many: the lesson's count is an int (its default in the parameters cell), and many is not one."], ErrorLines(mistyped));

            // A page's place that holds a file no lesson wrote is refused, and the file stays as it was.
            var foreign = LessonAppRun.Run(dir, app);
            Assert.True(foreign.ExitCode == 2, foreign.All);
            var refusal = Assert.Single(ErrorLines(foreign));
            Assert.StartsWith($"error: {page} exists and was not written by a lesson app", refusal, StringComparison.Ordinal);
            Assert.Equal("<p>my own notes</p>\n", File.ReadAllText(page));
            Assert.DoesNotContain("printed by", foreign.Output, StringComparison.Ordinal);

            File.Delete(page);
            var failed = LessonAppRun.Run(dir, app, "count=3", "--param", "name=Ada");

            Assert.True(failed.ExitCode == 1, failed.All);
            Assert.Contains("boom in the third cell", failed.Error, StringComparison.Ordinal);
            Assert.Contains($"the page shows what ran: {page}", failed.Error, StringComparison.Ordinal);
            Assert.Contains($"Lesson page: {page}", failed.Output, StringComparison.Ordinal);
            Assert.Contains("step 1 of 3", failed.Output, StringComparison.Ordinal);   // the console keeps every update
            var html = File.ReadAllText(page);
            Assert.StartsWith("<!-- Written by a lesson app", html, StringComparison.Ordinal);
            Assert.Contains("<h1 id=\"a-lesson-that-fails\">A lesson that fails</h1>", html, StringComparison.Ordinal);
            Assert.Contains("<pre class=\"text\">step 3 of 3</pre>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("step 2 of 3", html, StringComparison.Ordinal);   // an update replaces what the display showed
            Assert.DoesNotContain("<pre class=\"text\">starting</pre>", html, StringComparison.Ordinal);
            Assert.Contains("printed by Ada", html, StringComparison.Ordinal);
            Assert.Contains("<b>shown as HTML</b>", html, StringComparison.Ordinal);   // the formatting library's DisplayAs, as in the kernel
            Assert.Contains("shown as HTML", failed.Output, StringComparison.Ordinal);
            Assert.Matches("<pre class=\"error\">System.InvalidOperationException: boom in the third cell", html);
            Assert.Contains("Stopped: cell 5 failed", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Never reached", html, StringComparison.Ordinal);
            Assert.DoesNotContain("never printed", html, StringComparison.Ordinal);
            Assert.Contains(LessonStylesheetLine, html, StringComparison.Ordinal);   // the book's look

            // --no-page leaves the page as it was; an edited page is not replaced.
            var noPage = LessonAppRun.Run(dir, app, "--no-page");
            Assert.True(noPage.ExitCode == 1, noPage.All);
            Assert.Equal(html, File.ReadAllText(page));
            File.AppendAllText(page, "<!-- my note -->\n");
            var edited = LessonAppRun.Run(dir, app);
            Assert.True(edited.ExitCode == 2, edited.All);
            Assert.Contains("changed since", Assert.Single(ErrorLines(edited)), StringComparison.Ordinal);
            Assert.EndsWith("<!-- my note -->\n", File.ReadAllText(page), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>A rule of book.css, which the page carries inline.</summary>
    private static readonly string LessonStylesheetLine = NinNotebooks.Lessons.LessonPage.Stylesheet.Split('\n')[2];

    /// <summary>What the app wrote to stderr, without the SDK's build warnings.</summary>
    private static List<string> ErrorLines(ChildProcess.Result run) =>
        [.. run.Error.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && !Regex.IsMatch(l, @"warning NU\d+"))];
}
