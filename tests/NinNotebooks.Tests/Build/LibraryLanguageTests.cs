using System.Text.RegularExpressions;
using Xunit;

namespace NinNotebooks.Tests.Build;

/// <summary>
/// The library speaks in its own terms: no string in src/NinNotebooks names a command-line option (notebooks and a
/// student's program have none); the CLI names its options itself, from its settings table.
/// </summary>
public partial class LibraryLanguageTests
{
    [Fact]
    public void NoLibraryString_NamesACommandLineOption()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", "NinNotebooks"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => !l.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && OptionInString().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryPaths.Root, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void TheRule_SeesAnOptionInAString_ButNotAMinusInCode()
    {
        Assert.Matches(OptionInString(), "    Advice = \"Try a lower --lr next time\";");
        Assert.Matches(OptionInString(), "    $\"chosen by --data-dir, else {x}\"");
        Assert.DoesNotMatch(OptionInString(), "    for (var i = n; i > 0; --i) { }");
        Assert.DoesNotMatch(OptionInString(), "    var s = \"a -- b\";");
    }

    /// <summary>A double-quoted string on one line holding "--" followed by a lower-case letter.</summary>
    [GeneratedRegex("\"[^\"]*(?<![\\w-])--[a-z][^\"]*\"")]
    private static partial Regex OptionInString();
}
