using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using NinNotebooks.Platform;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Where a run writes, decided and checked before any notebook starts: one executed copy per notebook in the output
/// folder (same-named notebooks from different folders get <c>name-2.ipynb</c>, ...), and the JUnit report. A run only
/// ever writes over what an earlier run wrote: no path it writes may be one of its input notebooks (links and
/// <c>..</c> resolved), and a file already at a copy's place must be an executed copy (it carries
/// <see cref="CopyMarker"/> in its metadata), one at the report's place a report of this runner (the rule of
/// <see cref="Ownership"/>).
/// </summary>
/// <remarks>
/// A plan holds the output folder's lock (<see cref="LockFileName"/>) until it is disposed, so two runs into one folder
/// cannot mix their files; under the lock, what a killed run left (temporary files, staging folders) is removed. The
/// notebooks' copies are written into a staging folder inside the output folder (<see cref="StagedCopy"/>) and moved
/// into place together with the report by <see cref="Commit"/> once every notebook has run, so a run that cannot write
/// (a full disk) leaves the folder as it was, and after a run every copy and the report are from that run.
/// </remarks>
internal sealed partial class RunPlan : IDisposable
{
    /// <summary>The notebook metadata key that marks an executed copy this runner wrote.</summary>
    public const string CopyMarker = "nin_executed_copy_of";

    /// <summary>The lock file's name in the output folder.</summary>
    public const string LockFileName = ".nin-notebooks.lock";

    private readonly FolderLock _lock;

    private RunPlan(string outputDirectory, IReadOnlyList<(string Notebook, string Copy)> notebooks, string report, FolderLock folderLock, string staging) =>
        (OutputDirectory, Notebooks, Report, _lock, Staging) = (outputDirectory, notebooks, report, folderLock, staging);

    /// <summary>The output folder (full path).</summary>
    public string OutputDirectory { get; }

    /// <summary>Each notebook with the place of its executed copy, in run order.</summary>
    public IReadOnlyList<(string Notebook, string Copy)> Notebooks { get; }

    /// <summary>Where the JUnit report goes.</summary>
    public string Report { get; }

    /// <summary>The folder inside the output folder where this run's copies are written until <see cref="Commit"/>.</summary>
    public string Staging { get; }

    /// <summary>Checks the output folder, locks it, removes what a killed run left there, and plans the copies of <paramref name="notebooks"/> and the report.</summary>
    /// <exception cref="ArgumentException">No notebook, or a path the run would write is a file, a folder, an input, or someone else's file; the message names it.</exception>
    /// <exception cref="IOException">Another run holds the output folder.</exception>
    public static RunPlan Create(IReadOnlyList<string> notebooks, string outputDirectory, string? report)
    {
        if (notebooks.Count == 0)
        {
            throw new ArgumentException("no notebook to run.");
        }

        var output = Path.GetFullPath(outputDirectory);
        if (File.Exists(output))
        {
            throw new ArgumentException($"--out {output} is a file; give a folder for the executed copies.");
        }

        CheckWritable(output);
        var lockExisted = File.Exists(Path.Combine(output, LockFileName));
        var folderLock = FolderLock.Take(output, LockFileName, "another run of nin notebooks");
        try
        {
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
            RemoveLeftovers(output);
            var staging = Path.Combine(output, $"{StagingPrefix}{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            return new RunPlan(output, copies, reportPath, folderLock, staging);
        }
        catch
        {
            folderLock.Release(removeFile: !lockExisted);
            throw;
        }
    }

    /// <summary>Where the child process writes the executed copy that goes to <paramref name="copy"/>.</summary>
    public string StagedCopy(string copy) => Path.Combine(Staging, Path.GetFileName(copy));

    /// <summary>
    /// Writes the report of <paramref name="results"/> (one per planned notebook, in order) and moves the staged copies
    /// into place; a notebook that left no copy loses the copy of an earlier run, which would no longer match the
    /// report. The report is written completely before anything moves, so a failure to write leaves the output folder
    /// as it was. Returns the results with their copies' final places.
    /// </summary>
    /// <exception cref="IOException">The report could not be written (nothing was moved).</exception>
    public IReadOnlyList<NotebookRunResult> Commit(IReadOnlyList<NotebookRunResult> results)
    {
        var placed = results.Zip(Notebooks, (r, n) => r.ExecutedCopy is null ? r : r with { ExecutedCopy = n.Copy }).ToList();
        var reportDirectory = Path.GetDirectoryName(Report)!;
        Directory.CreateDirectory(reportDirectory);
        var reportTemporary = Path.Combine(reportDirectory, $".{Path.GetFileName(Report)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(reportTemporary, FileMode.CreateNew))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(JUnitReport.Create(placed).ToString()));
                stream.Flush(flushToDisk: true);
            }

            // Renames and deletions need no space: from here on the folder can only end in the new state.
            foreach (var (result, (_, copy)) in results.Zip(Notebooks))
            {
                if (result.ExecutedCopy is { } staged && File.Exists(staged))
                {
                    File.Move(staged, copy, overwrite: true);
                }
                else if (File.Exists(copy))
                {
                    File.Delete(copy);
                }
            }

            File.Move(reportTemporary, Report, overwrite: true);
        }
        finally
        {
            File.Delete(reportTemporary);
        }

        return placed;
    }

    /// <summary>Removes the staging folder (whatever a failed run left in it) and releases the output folder.</summary>
    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Staging))
            {
                Directory.Delete(Staging, recursive: true);
            }
        }
        finally
        {
            _lock.Dispose();
        }
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
        if (Path.Exists(path) && inputs.Contains(RealPath(path)))
        {
            throw new ArgumentException($"{path} is a notebook this run reads; the run would write {what} over it. Choose an output folder that holds none of its notebooks.");
        }

        var refusal = Ownership.Of(path, p => isOurs(p) ? true : null) switch
        {
            Ownership.Standing.Folder => $"is a folder; the run would write {what} there.",
            Ownership.Standing.Special => $"exists and is not a regular file (a FIFO, socket or device); the run will not write {what} there. Move it, or choose another output folder.",
            Ownership.Standing.Link or Ownership.Standing.NotOurs => $"exists and is not {what}; the run will not write over it. Move it, or choose another output folder.",
            _ => null,
        };
        if (refusal is not null)
        {
            throw new ArgumentException($"{path} {refusal}");
        }
    }

    /// <summary>The name of a staging folder: this prefix and 32 hex digits.</summary>
    private const string StagingPrefix = ".nin-run-";

    /// <summary>
    /// Removes what a run killed mid-way left in the output folder (called under the lock, so no other run is writing
    /// there): staging folders, and temporary files of executed copies and reports, each recognised by the exact names
    /// this runner gives them. Links are never followed; anything else is left alone.
    /// </summary>
    private static void RemoveLeftovers(string output)
    {
        foreach (var entry in new DirectoryInfo(output).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is DirectoryInfo folder && StagingName().IsMatch(folder.Name))
            {
                folder.Delete(recursive: true);
            }
            else if (entry is FileInfo file && AtomicFile.TargetOfTemporary(file.Name) is { } target
                && (target.EndsWith(".ipynb", StringComparison.Ordinal) || target.EndsWith(".xml", StringComparison.Ordinal)))
            {
                file.Delete();
            }
        }
    }

    [GeneratedRegex("^\\.nin-run-[0-9a-f]{32}$")]
    private static partial Regex StagingName();

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
