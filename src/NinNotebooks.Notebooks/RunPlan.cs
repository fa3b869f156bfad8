using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Where a run writes, decided and checked before any notebook starts: one executed copy per notebook in the output
/// folder (same-named notebooks from different folders get <c>name-2.ipynb</c>, ...), and the JUnit report. A run only
/// ever writes over what an earlier run wrote: no path it writes may be one of its input notebooks (links and
/// <c>..</c> resolved), and a file already at a copy's place must be an executed copy (it carries
/// <see cref="CopyMarker"/> in its metadata), one at the report's place a report of this runner.
/// </summary>
internal sealed record RunPlan(string OutputDirectory, IReadOnlyList<(string Notebook, string Copy)> Notebooks, string Report)
{
    /// <summary>The notebook metadata key that marks an executed copy this runner wrote.</summary>
    public const string CopyMarker = "nin_executed_copy_of";

    /// <summary>Checks the output folder and plans the copies of <paramref name="notebooks"/> and the report.</summary>
    /// <exception cref="ArgumentException">A path the run would write is a file, a folder, an input, or someone else's file; the message names it.</exception>
    public static RunPlan Create(IReadOnlyList<string> notebooks, string outputDirectory, string? report)
    {
        var output = Path.GetFullPath(outputDirectory);
        if (File.Exists(output))
        {
            throw new ArgumentException($"--out {output} is a file; give a folder for the executed copies.");
        }

        CheckWritable(output);
        var inputs = notebooks.Where(File.Exists).Select(RealPath).ToHashSet(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var copies = new List<(string, string)>();
        foreach (var notebook in notebooks)
        {
            var copy = CopyPath(output, notebook);
            for (var n = 2; !taken.Add(copy); n++)
            {
                copy = CopyPath(output, notebook, n);
            }

            Check(copy, inputs, IsExecutedCopy, "an executed copy");
            copies.Add((Path.GetFullPath(notebook), copy));
        }

        var reportPath = Path.GetFullPath(report ?? Path.Combine(output, "junit.xml"));
        Check(reportPath, inputs, IsReport, "a JUnit report of nin notebooks run");
        return new RunPlan(output, copies, reportPath);
    }

    /// <summary>
    /// Where the executed copy of <paramref name="notebook"/> goes in <paramref name="outputDirectory"/>: its name as .ipynb,
    /// or <c>name-N.ipynb</c> for the <paramref name="number"/>th (N ≥ 2) notebook of that name in one run.
    /// </summary>
    public static string CopyPath(string outputDirectory, string notebook, int number = 1)
    {
        var name = Path.GetFileNameWithoutExtension(notebook);
        return Path.Combine(outputDirectory, number == 1 ? $"{name}.ipynb" : $"{name}-{number}.ipynb");
    }

    /// <summary>True when <paramref name="path"/> is an .ipynb this runner wrote (it carries <see cref="CopyMarker"/>).</summary>
    public static bool IsExecutedCopy(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("metadata", out var metadata)
                && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty(CopyMarker, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsReport(string path)
    {
        try
        {
            return XDocument.Load(path).Root is { Name.LocalName: "testsuites" } root && (string?)root.Attribute("name") == JUnitReport.Name;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static void Check(string path, HashSet<string> inputs, Func<string, bool> isOurs, string what)
    {
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"{path} is a folder; the run would write {what} there.");
        }

        if (!File.Exists(path) && new FileInfo(path).LinkTarget is null)
        {
            return;
        }

        if (inputs.Contains(RealPath(path)))
        {
            throw new ArgumentException($"{path} is a notebook this run reads; the run would write {what} over it. Choose an output folder that holds none of its notebooks.");
        }

        if (new FileInfo(path).LinkTarget is not null || !isOurs(path))
        {
            throw new ArgumentException($"{path} exists and is not {what}; the run will not write over it. Move it, or choose another output folder.");
        }
    }

    /// <summary>Creates the folder if need be and checks that this process can create files in it.</summary>
    private static void CheckWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            using (File.Create(Path.Combine(folder, $".nin-write-check-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--out {folder}: cannot write there ({ErrorText.Of(e)}).", e);
        }
    }

    /// <summary>
    /// The path with every symbolic link on the way resolved, like realpath(3), which .NET does not offer (its
    /// ResolveLinkTarget resolves the last part only).
    /// </summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var resolved = root;
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        for (var hops = 0; parts.TryDequeue(out var part);)
        {
            var next = Path.Combine(resolved, part);
            if (new FileInfo(next).LinkTarget is { } target && hops++ < 40)
            {
                var rest = parts.ToArray();
                var joined = Path.GetFullPath(target, resolved);
                resolved = Path.GetPathRoot(joined)!;
                parts = new Queue<string>(joined[resolved.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                continue;
            }

            resolved = next;
        }

        return resolved;
    }
}
