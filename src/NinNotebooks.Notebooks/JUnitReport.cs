using System.Globalization;
using System.Xml.Linq;

namespace NinNotebooks.Notebooks;

/// <summary>Run results as JUnit XML, which CI systems show as tests: one test suite per notebook, one test case per cell.</summary>
public static class JUnitReport
{
    /// <summary>The report's name (the <c>testsuites</c> element's name attribute).</summary>
    public const string Name = "nin notebooks run";

    /// <summary>The XML document for <paramref name="results"/>.</summary>
    public static XDocument Create(IReadOnlyList<NotebookRunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var suites = results.Select(Suite).ToList();
        return new XDocument(new XElement("testsuites",
            new XAttribute("name", Name),
            new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
            new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
            new XAttribute("errors", suites.Sum(s => (int)s.Attribute("errors")!)),
            new XAttribute("time", Seconds(results.SelectMany(r => r.Cells).Aggregate(TimeSpan.Zero, (t, c) => t + c.Duration))),
            suites));
    }

    private static XElement Suite(NotebookRunResult result)
    {
        var name = Path.GetFileName(result.Notebook);
        var cases = result.Error is { } error
            ? [new XElement("testcase", new XAttribute("classname", name), new XAttribute("name", "read notebook"), new XAttribute("time", "0"), new XElement("error", new XAttribute("message", error), error))]
            : result.Cells.Select(c => Case(name, c)).ToList();
        return new XElement("testsuite",
            new XAttribute("name", result.Notebook),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", result.Cells.Count(c => c.Status is CellStatus.Failed or CellStatus.TimedOut)),
            new XAttribute("errors", result.Error is null ? 0 : 1),
            new XAttribute("skipped", result.Cells.Count(c => c.Status == CellStatus.Skipped)),
            new XAttribute("time", Seconds(result.Cells.Aggregate(TimeSpan.Zero, (t, c) => t + c.Duration))),
            cases);
    }

    private static XElement Case(string notebook, CellReport cell)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", notebook),
            new XAttribute("name", $"Cell {cell.Number}: {Shorten(cell.FirstLine)}"),
            new XAttribute("time", Seconds(cell.Duration)));
        switch (cell.Status)
        {
            case CellStatus.Failed or CellStatus.TimedOut:
                var message = cell.Message ?? cell.Status.ToString();
                element.Add(new XElement("failure", new XAttribute("message", message.Split('\n')[0]), new XAttribute("type", cell.Status.ToString()), message));
                break;
            case CellStatus.Skipped:
                element.Add(new XElement("skipped", new XAttribute("message", "an earlier cell failed")));
                break;
        }

        return element;
    }

    /// <summary>A cell's first line as a test-case name: at most <see cref="NameLength"/> characters (a one-line 50 MB cell stays a name).</summary>
    private static string Shorten(string line) => line.Length <= NameLength ? line : line[..(NameLength - 3)] + "...";

    /// <summary>The longest test-case name.</summary>
    public const int NameLength = 100;

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
