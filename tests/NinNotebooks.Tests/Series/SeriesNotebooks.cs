using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Series;

/// <summary>The notebook series in the repository's notebooks/ folder.</summary>
internal static class SeriesNotebooks
{
    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "notebooks");

    public static IReadOnlyList<string> Files { get; } = [.. Directory.GetFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal)];

    public static IEnumerable<object[]> Names => Files.Select(f => new object[] { Path.GetFileName(f) });

    public static InteractiveDocument Load(string name) => NotebookDocument.Load(Path.Combine(Folder, name));

    /// <summary>All markdown of a notebook, one string.</summary>
    public static string Markdown(string name) =>
        string.Join("\n", Load(name).Elements.Where(c => c.IsMarkdown()).Select(c => c.Contents));
}
