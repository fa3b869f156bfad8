using System.Xml.Linq;
using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

public class JUnitReportTests
{
    [Fact]
    public void OneSuitePerNotebook_OneCasePerCell()
    {
        var results = new List<NotebookRunResult>
        {
            new("/n/a.ipynb", "/out/a.ipynb",
            [
                new CellReport(2, "var x = 1;", CellStatus.Passed, TimeSpan.FromSeconds(0.5), null),
                new CellReport(3, "boom();", CellStatus.Failed, TimeSpan.FromSeconds(0.25), "System.Exception: boom\n   at ..."),
                new CellReport(4, "x", CellStatus.Skipped, TimeSpan.Zero, null),
            ], null),
            new("/n/b.ipynb", null, [], "/n/b.ipynb: not valid JSON"),
        };

        var xml = JUnitReport.Create(results);

        var root = xml.Root!;
        Assert.Equal(("4", "1", "1", "0.75"), ((string)root.Attribute("tests")!, (string)root.Attribute("failures")!, (string)root.Attribute("errors")!, (string)root.Attribute("time")!));
        var cases = root.Descendants("testcase").ToList();
        Assert.Equal(["Cell 2: var x = 1;", "Cell 3: boom();", "Cell 4: x", "read notebook"], cases.Select(c => (string)c.Attribute("name")!));
        Assert.Equal("System.Exception: boom", (string)cases[1].Element("failure")!.Attribute("message")!);
        Assert.NotNull(cases[2].Element("skipped"));
        Assert.Equal("/n/b.ipynb: not valid JSON", (string)cases[3].Element("error")!.Attribute("message")!);
    }

    [Fact]
    public void AHugeOneLineCell_GetsAShortTestCaseName()
    {
        var line = "var x = \"" + new string('a', 5_000_000) + "\";";
        var results = new List<NotebookRunResult> { new("/n/a.ipynb", "/out/a.ipynb", [new CellReport(1, line, CellStatus.Passed, TimeSpan.Zero, null)], null) };

        var name = (string)JUnitReport.Create(results).Root!.Descendants("testcase").Single().Attribute("name")!;

        Assert.Equal(JUnitReport.NameLength, name.Length - "Cell 1: ".Length);
        Assert.StartsWith("Cell 1: var x = \"aaa", name, StringComparison.Ordinal);
        Assert.EndsWith("...", name, StringComparison.Ordinal);
    }
}
