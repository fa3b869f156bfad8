using System.Globalization;
using System.Xml.Linq;
using NinNotebooks.Notebooks;
using NinNotebooks.Tests.Cli;
using NinNotebooks.Platform;

namespace NinNotebooks.Tests.Notebooks;

/// <summary>
/// <c>nin notebooks run</c> under faults and odd input: nothing to run, arguments that look like response files, two
/// runs into one folder, what killed runs leave, a FIFO in the way, a full disk, and a parent killed with SIGKILL.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Integration)]
public class RunFaultTests
{
    private static readonly string Hex = new('a', 32);

    [Fact]
    public void AFolderWithNoNotebook_FailsAndSaysSo()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("empty"));
        Directory.CreateDirectory(dir.File("x.ipynb"));

        var empty = Nin.Run("notebooks", "run", dir.File("empty"), "--out", dir.File("out"));
        var named = Nin.Run("notebooks", "run", dir.File("x.ipynb"), "--out", dir.File("out"));

        Assert.Equal(1, empty.ExitCode);
        Assert.Equal($"error: no notebook found: {dir.File("empty")} is a folder with no .ipynb or .dib file in it.", empty.Error.Trim());
        Assert.Equal(1, named.ExitCode);
        Assert.Contains($"no notebook found: {dir.File("x.ipynb")} is a folder", named.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("notebooks passed", empty.Output + named.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ArgumentsStartingWithAnAt_AreValues_NotResponseFiles()
    {
        using var dir = new TemporaryDirectory();
        var notebook = NotebookFixtures.Write(dir, "@x.ipynb", ["var x = 0;", "(x * 2).ToString()"], firstIsParameters: true);

        var result = Nin.Run("notebooks", "run", notebook, "--out", dir.File("out"), "--param", "@x=21");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("42", NotebookDocument.Load(dir.File("out", "@x.ipynb")).Elements.Last().Outputs.Single().Text());
    }

    [Fact]
    public void ASecondRunIntoTheSameFolder_IsRefusedWhileTheFirstRuns()
    {
        using var dir = new TemporaryDirectory();
        var spin = NotebookFixtures.Write(dir, "spin.ipynb", ["1", "System.Threading.Thread.Sleep(600_000)"]);
        var other = NotebookFixtures.Write(dir, "other.ipynb", ["2"]);
        using var first = RunningProgram.Nin(["notebooks", "run", spin, "--out", dir.File("out")], dir.Path);
        first.WaitFor("cell   1  passed", TimeSpan.FromMinutes(2));

        var second = Nin.Run("notebooks", "run", other, "--out", dir.File("out"));

        Assert.Equal(1, second.ExitCode);
        Assert.Equal($"error: {dir.File("out")} is in use by another run of nin notebooks (it holds {dir.File("out", RunPlan.LockFileName)}); wait for it to end, or choose another folder.", second.Error.Trim());
        Assert.False(File.Exists(dir.File("out", "other.ipynb")));
    }

    [Fact]
    public void WhatAKilledRunLeft_IsRemoved_AndNothingElse()
    {
        using var dir = new TemporaryDirectory();
        var notebook = NotebookFixtures.Write(dir, "nb.ipynb", ["1 + 1"]);
        Directory.CreateDirectory(dir.File("out", $".nin-run-{Hex}"));
        File.WriteAllText(dir.File("out", $".nin-run-{Hex}", "nb.ipynb"), "half");
        File.WriteAllBytes(dir.File("out", $".huge.ipynb.{Hex}.tmp"), new byte[10 << 20]);
        File.WriteAllText(dir.File("out", $".junit.xml.{Hex}.tmp"), "<half");
        // Someone else's: names that only look alike, and a link named as a staging folder, pointing at their files.
        File.WriteAllText(dir.File("out", ".notes.tmp"), "mine");
        File.WriteAllText(dir.File("out", $".data.csv.{Hex}.tmp"), "mine");
        Directory.CreateDirectory(dir.File("out", ".nin-run-mine"));
        Directory.CreateDirectory(dir.File("theirs"));
        File.WriteAllText(dir.File("theirs", "keep.txt"), "theirs");
        File.CreateSymbolicLink(dir.File("out", $".nin-run-{new string('b', 32)}"), dir.File("theirs"));

        var result = Nin.Run("notebooks", "run", notebook, "--out", dir.File("out"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(
            [$".data.csv.{Hex}.tmp", RunPlan.LockFileName, $".nin-run-{new string('b', 32)}", ".nin-run-mine", ".notes.tmp", "junit.xml", "nb.ipynb"],
            Directory.GetFileSystemEntries(dir.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("theirs", File.ReadAllText(dir.File("theirs", "keep.txt")));
    }

    [Fact]
    public void ANotebookProcessKilledAtTheCopysRename_LeavesNoPartialFile()
    {
        using var dir = new TemporaryDirectory();
        var notebook = NotebookFixtures.Write(dir, "nb.ipynb", ["1 + 1"]);
        using var nin = RunningProgram.Nin(["notebooks", "run", notebook, "--out", dir.File("out")], dir.Path,
            new Dictionary<string, string> { [FaultInjection.KillAtRenameVariable] = "1" });

        Assert.Equal(1, nin.WaitForExit(TimeSpan.FromMinutes(3)));
        Assert.Contains($"error: {notebook}: cell 1 ended the notebook process", nin.Printed, StringComparison.Ordinal);
        Assert.Equal([RunPlan.LockFileName, "junit.xml"], Directory.GetFileSystemEntries(dir.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AFifoAtACopysPlace_IsRefusedAtOnce()
    {
        using var dir = new TemporaryDirectory();
        var notebook = NotebookFixtures.Write(dir, "nb.ipynb", ["1 + 1"]);
        Directory.CreateDirectory(dir.File("out"));
        Fifo.Create(dir.File("out", "nb.ipynb"));

        var result = ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "nin.dll"), "notebooks", "run", notebook, "--out", dir.File("out")], dir.Path, TimeSpan.FromMinutes(1));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {dir.File("out", "nb.ipynb")} exists and is not a regular file (a FIFO, socket or device)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AFullDisk_IsOneLine_AndTheFolderKeepsTheEarlierRun()
    {
        using var dir = new TemporaryDirectory();
        using var disk = SmallDisk.Mount(dir.File("out"), 4);
        var notebook = NotebookFixtures.Write(dir, "nb.ipynb", ["1 + 1"]);
        Assert.Equal(0, Nin.Run("notebooks", "run", notebook, "--out", disk.Path).ExitCode);
        var before = Snapshot(disk.Path);
        disk.Fill(leave: 0);

        var result = Nin.Run("notebooks", "run", notebook, "--out", disk.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No space left on device", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{disk.Path} is as it was before this run", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("ended the notebook process", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(disk.Path));
    }

    [Fact]
    public void ACopyThatDoesNotFit_IsNamed_AndTheEarlierCopyDoesNotStayAsIfCurrent()
    {
        using var dir = new TemporaryDirectory();
        using var disk = SmallDisk.Mount(dir.File("out"), 4);
        var notebook = NotebookFixtures.Write(dir, "nb.ipynb", ["var size = 10;", "new string('x', size)"], firstIsParameters: true);
        Assert.Equal(0, Nin.Run("notebooks", "run", notebook, "--out", disk.Path).ExitCode);
        disk.Fill(leave: 300 << 10);

        var result = Nin.Run("notebooks", "run", notebook, "--out", disk.Path, "--param", "size=600000");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {notebook}: could not write the executed copy", result.Error, StringComparison.Ordinal);
        Assert.Contains("No space left on device", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("ended the notebook process", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(disk.Path, "nb.ipynb")));
        Assert.Equal("1", (string)XDocument.Load(Path.Combine(disk.Path, "junit.xml")).Root!.Attribute("errors")!);
        Assert.Equal([RunPlan.LockFileName, "filler", "junit.xml"], Directory.GetFileSystemEntries(disk.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void KillingNinWithSigkill_EndsTheRunnerAndTheNotebookProcess_AndLeavesNoTempFiles()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("tmp"));
        var notebook = NotebookFixtures.Write(dir, $"spin-{Guid.NewGuid():N}.ipynb", ["1", "while (true) { }"]);
        using var nin = RunningProgram.Nin(["notebooks", "run", notebook, "--out", dir.File("out")], dir.Path, new Dictionary<string, string> { ["TMPDIR"] = dir.File("tmp") });
        nin.WaitFor("cell   1  passed", TimeSpan.FromMinutes(2));

        nin.Signal("KILL");

        WaitUntil(() => ProcessesNaming(notebook).Count == 0, TimeSpan.FromSeconds(30), () => $"still running: {string.Join(", ", ProcessesNaming(notebook))}");
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("tmp"), "*nin-notebook-*"));
        Assert.Equal([RunPlan.LockFileName], Directory.GetFileSystemEntries(dir.File("out")).Select(Path.GetFileName));
    }

    [Fact]
    public void KillingTheRunnerWithSigkill_EndsTheNotebookProcess_AndTheNextRunSweepsItsTempFiles()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("tmp"));
        var environment = new Dictionary<string, string> { ["TMPDIR"] = dir.File("tmp") };
        var notebook = NotebookFixtures.Write(dir, $"spin-{Guid.NewGuid():N}.ipynb", ["1", "while (true) { }"]);
        using var nin = RunningProgram.Nin(["notebooks", "run", notebook, "--out", dir.File("out"), "--param", "secret=s3cret"], dir.Path, environment);
        nin.WaitFor("cell   1  passed", TimeSpan.FromMinutes(2));
        var runner = ProcessesNaming(notebook).Single(pid => !Arguments(pid).Contains("run-one") && Arguments(pid).Contains("run") && Path.GetFileName(Arguments(pid)[0]).StartsWith("nin-notebooks", StringComparison.Ordinal));

        ChildProcess.Run("kill", ["-s", "KILL", runner.ToString(CultureInfo.InvariantCulture)], dir.Path);

        WaitUntil(() => ProcessesNaming(notebook).Count == 0, TimeSpan.FromSeconds(30), () => $"still running: {string.Join(", ", ProcessesNaming(notebook))}");
        nin.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.NotEmpty(Directory.GetFileSystemEntries(dir.File("tmp"), "nin-notebook-*"));   // SIGKILL: the runner could not tidy up

        var next = NotebookFixtures.Write(dir, "next.ipynb", ["1"]);
        var again = ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "nin.dll"), "notebooks", "run", next, "--out", dir.File("out2")], dir.Path, environment: environment);

        Assert.True(again.ExitCode == 0, again.All);
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("tmp"), "*nin-notebook-*"));
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder).Where(f => Path.GetFileName(f) != "filler").ToDictionary(f => Path.GetFileName(f)!, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    private static void WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, describe());
            Thread.Sleep(200);
        }
    }

    /// <summary>A process's arguments, from /proc.</summary>
    private static string[] Arguments(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>The processes whose arguments include <paramref name="text"/>.</summary>
    private static List<int> ProcessesNaming(string text) =>
        [.. Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(p => p!.All(char.IsAsciiDigit)).Select(p => int.Parse(p!, CultureInfo.InvariantCulture))
            .Where(pid => pid != Environment.ProcessId && Arguments(pid).Any(a => a.Contains(text, StringComparison.Ordinal)))];
}
