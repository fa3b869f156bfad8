using System.Runtime.InteropServices;
using NinNotebooks.Setup;
using NinNotebooks.Platform;

namespace NinNotebooks.Tests.Setup;

public class NativeCompatibilityTests
{
    [Fact]
    public void OnlyTheAnchorMissing_MarksItWeakByChangingOneByte()
    {
        using var temp = new TemporaryDirectory();
        var path = NativeTestFiles.WritePristineCopy(temp.File(NativeCompatibility.LibraryFileName));
        var before = File.ReadAllBytes(path);

        var result = NativeCompatibility.EnsureFile(path, NativeTestFiles.LibStdCxxLacking(NativeTestFiles.AnchorVersion));

        var after = File.ReadAllBytes(path);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        var anchor = ElfImage.Read(path).VersionNeeds.Single(v => v.Name == NativeTestFiles.AnchorVersion);
        Assert.Equal(NativePatchStatus.Applied, result.Status);
        Assert.Equal([NativeTestFiles.AnchorVersion], result.MissingVersions);
        Assert.Equal(before.Length, after.Length);
        Assert.Equal([anchor.FlagsOffset], changed);
        Assert.True(anchor.IsWeak);
        Assert.Contains("_ZSt21ios_base_library_initv", result.Detail);
    }

    [Fact]
    public void SecondRun_IsAlreadyAppliedAndChangesNothing()
    {
        using var temp = new TemporaryDirectory();
        var path = NativeTestFiles.WritePristineCopy(temp.File(NativeCompatibility.LibraryFileName));
        var lacking = NativeTestFiles.LibStdCxxLacking(NativeTestFiles.AnchorVersion);
        NativeCompatibility.EnsureFile(path, lacking);
        var patched = File.ReadAllBytes(path);

        var result = NativeCompatibility.EnsureFile(path, lacking);

        Assert.Equal(NativePatchStatus.AlreadyApplied, result.Status);
        Assert.True(result.IsLoadable);
        Assert.Equal(patched, File.ReadAllBytes(path));
    }

    [Fact]
    public void NewEnoughLibStdCxx_LeavesTheFileUntouched()
    {
        using var temp = new TemporaryDirectory();
        var path = NativeTestFiles.WritePristineCopy(temp.File(NativeCompatibility.LibraryFileName));
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 5, 7, 0, 0, 0, DateTimeKind.Utc));
        var before = File.ReadAllBytes(path);

        var result = NativeCompatibility.EnsureFile(path, NativeTestFiles.LibStdCxxLacking());

        Assert.Equal(NativePatchStatus.NotNeeded, result.Status);
        Assert.Empty(result.MissingVersions);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new DateTime(2026, 5, 7, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void MissingVersionThatIsReallyUsed_IsRefusedAndTheFileUntouched()
    {
        using var temp = new TemporaryDirectory();
        var path = NativeTestFiles.WritePristineCopy(temp.File(NativeCompatibility.LibraryFileName));
        var before = File.ReadAllBytes(path);

        var result = NativeCompatibility.EnsureFile(path, NativeTestFiles.LibStdCxxLacking(NativeTestFiles.AnchorVersion, "GLIBCXX_3.4.30"));

        Assert.Equal(NativePatchStatus.CannotFix, result.Status);
        Assert.False(result.IsLoadable);
        Assert.Contains("GLIBCXX_3.4.30 is used by", result.Detail);
        Assert.Contains("newer libstdc++", result.Detail);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Patching_KeepsPermissionsAndModificationTime()
    {
        using var temp = new TemporaryDirectory();
        var path = NativeTestFiles.WritePristineCopy(temp.File(NativeCompatibility.LibraryFileName));
        var stamp = new DateTime(2026, 5, 7, 12, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        }

        NativeCompatibility.EnsureFile(path, NativeTestFiles.LibStdCxxLacking(NativeTestFiles.AnchorVersion));

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        }

        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void UnreadableFile_IsReportedAsFailed()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File(NativeCompatibility.LibraryFileName);
        File.WriteAllBytes(path, File.ReadAllBytes(NativeTestFiles.Asset)[..5000]);
        var before = File.ReadAllBytes(path);

        var result = NativeCompatibility.EnsureFile(path, NativeTestFiles.LibStdCxxLacking(NativeTestFiles.AnchorVersion));

        Assert.Equal(NativePatchStatus.Failed, result.Status);
        Assert.StartsWith("could not read it:", result.Detail);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void FailedReplacement_LeavesTheTargetAndNoTemporaryFile()
    {
        using var temp = new TemporaryDirectory();
        var target = temp.File("occupied");
        Directory.CreateDirectory(Path.Combine(target, "inside"));

        Assert.ThrowsAny<IOException>(() => AtomicFile.ReplaceKeepingMetadata(target, [1, 2, 3]));

        Assert.True(Directory.Exists(Path.Combine(target, "inside")));
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void CandidatePaths_CoverAppFoldersAndTheNuGetPackageLayout()
    {
        using var temp = new TemporaryDirectory();
        var lib = temp.File("packages", "torchsharp", "0.107.0", "lib", "net8.0");
        Directory.CreateDirectory(Path.Combine(lib, "cuda-12.8"));

        var paths = NativeCompatibility.CandidatePaths(lib).ToList();
        var rid = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";

        Assert.Contains(Path.Combine(lib, "libLibTorchSharp.so"), paths);
        Assert.Contains(Path.Combine(lib, "runtimes", rid, "native", "libLibTorchSharp.so"), paths);
        Assert.Contains(Path.Combine(lib, "cpu", "libLibTorchSharp.so"), paths);
        Assert.Contains(Path.Combine(lib, "cuda-12.8", "libLibTorchSharp.so"), paths);
        Assert.Contains(temp.File("packages", "torchsharp", "0.107.0", "runtimes", rid, "native", "libLibTorchSharp.so"), paths);
        Assert.DoesNotContain(NativeCompatibility.CandidatePaths(temp.Path), p => p.Contains("packages", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("WINDOWS", "Windows")]
    [InlineData("OSX", "macOS")]
    [InlineData("FREEBSD", "FREEBSD")]
    public void Ensure_AnywhereButLinux_ReadsAndChangesNothing_EvenWithAPatchableCopyInPlace(string platform, string name)
    {
        using var temp = new TemporaryDirectory();
        var package = temp.File("torchsharp", "0.107.0");
        var lib = Path.Combine(package, "lib", "net8.0");
        var copy = NativeTestFiles.WritePristineCopy(Path.Combine(lib, "cpu", NativeCompatibility.LibraryFileName));
        var before = File.ReadAllBytes(copy);
        var written = File.GetLastWriteTimeUtc(copy);

        var report = NativeCompatibility.Ensure(lib, OSPlatform.Create(platform));

        Assert.Empty(report.Libraries);
        Assert.Null(report.LibStdCxxPath);
        Assert.Equal($"not Linux ({name}): no compatibility step is needed, nothing was read or changed", report.Note);
        Assert.Equal(before, File.ReadAllBytes(copy));
        Assert.Equal(written, File.GetLastWriteTimeUtc(copy));
        Assert.Equal([NativeCompatibility.LibraryFileName], Directory.EnumerateFiles(Path.Combine(lib, "cpu")).Select(Path.GetFileName));
    }

    [Fact]
    public void CurrentPlatform_IsTheOperatingSystemThisRunsOn()
    {
        Assert.Equal(OperatingSystem.IsLinux(), NativeCompatibility.CurrentPlatform() == OSPlatform.Linux);
        Assert.Equal(OperatingSystem.IsWindows(), NativeCompatibility.CurrentPlatform() == OSPlatform.Windows);
        Assert.Equal(OperatingSystem.IsMacOS(), NativeCompatibility.CurrentPlatform() == OSPlatform.OSX);
    }

    [Fact]
    public void Ensure_OnANuGetLayout_PatchesThePackageAndConsolidatedCopiesOnlyWhereNeeded()
    {
        using var temp = new TemporaryDirectory();
        var package = temp.File("torchsharp", "0.107.0");
        var lib = Path.Combine(package, "lib", "net8.0");
        var copies = new[]
        {
            NativeTestFiles.WritePristineCopy(Path.Combine(package, "runtimes", "linux-x64", "native", NativeCompatibility.LibraryFileName)),
            NativeTestFiles.WritePristineCopy(Path.Combine(lib, "cpu", NativeCompatibility.LibraryFileName)),
        };

        var report = NativeCompatibility.Ensure(lib);

        if (!OperatingSystem.IsLinux())
        {
            Assert.Empty(report.Libraries);
            Assert.Contains("not Linux", report.Note);
            return;
        }

        // The expected outcome depends on this machine's libstdc++: patch where it lacks the anchor, else touch nothing.
        var needed = !ElfImage.Read(report.LibStdCxxPath!).VersionDefinitions.Contains(NativeTestFiles.AnchorVersion);
        Assert.Equal(copies.Order(), report.Libraries.Select(l => l.Path).Order());
        Assert.All(report.Libraries, l => Assert.Equal(needed ? NativePatchStatus.Applied : NativePatchStatus.NotNeeded, l.Status));
        Assert.All(copies, c => Assert.Equal(needed, ElfImage.Read(c).VersionNeeds.Single(v => v.Name == NativeTestFiles.AnchorVersion).IsWeak));
        Assert.True(report.AllLoadable);
        Assert.Equal(needed, report.WasNeeded);
        Assert.StartsWith("GLIBCXX_3.4.", report.NewestGlibcxx);
    }

    [Fact]
    public void Report_NamesTheNewestGlibcxxVersionNumerically()
    {
        var versions = new HashSet<string> { "GLIBCXX_3.4", "GLIBCXX_3.4.9", "GLIBCXX_3.4.30", "GLIBCXX_3.4.29", "CXXABI_1.3.13" };

        Assert.Equal("GLIBCXX_3.4.30", new NativeCompatibilityReport("/lib/libstdc++.so.6", [], "", versions).NewestGlibcxx);
        Assert.Null(new NativeCompatibilityReport(null, [], "not Linux").NewestGlibcxx);
    }

    [Fact]
    public void ReportSummary_SaysWhetherTheStepWasNeededAndWhatWasDone()
    {
        NativeLibraryCheck Check(NativePatchStatus status, params string[] missing) => new("/x/libLibTorchSharp.so", status, missing, "detail");

        var notNeeded = new NativeCompatibilityReport("/lib/libstdc++.so.6", [Check(NativePatchStatus.NotNeeded)], "");
        var applied = new NativeCompatibilityReport("/lib/libstdc++.so.6",
            [Check(NativePatchStatus.Applied, NativeTestFiles.AnchorVersion), Check(NativePatchStatus.AlreadyApplied, NativeTestFiles.AnchorVersion)], "");
        var refused = new NativeCompatibilityReport("/lib/libstdc++.so.6", [Check(NativePatchStatus.CannotFix, "GLIBCXX_3.4.30")], "");
        var unreadable = new NativeCompatibilityReport("/lib/libstdc++.so.6", [Check(NativePatchStatus.NotNeeded), Check(NativePatchStatus.Failed)], "");
        var none = new NativeCompatibilityReport(null, [], "not Linux: no compatibility step is needed");

        Assert.Equal("not needed (libstdc++ is new enough); nothing was changed", notNeeded.Summary);
        Assert.Equal("needed (GLIBCXX_3.4.32 missing from libstdc++): 1 patched now, 1 already patched", applied.Summary);
        Assert.Equal("needed (GLIBCXX_3.4.30 missing from libstdc++) but NOT applied: 1 cannot be patched", refused.Summary);
        Assert.False(refused.AllLoadable);
        Assert.Equal("could not check every copy: 1 unaffected, 1 failed", unreadable.Summary);
        Assert.Equal("not Linux: no compatibility step is needed", none.Summary);
        Assert.True(none.AllLoadable);
    }
}
