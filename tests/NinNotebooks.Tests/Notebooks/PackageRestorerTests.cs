using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

public class PackageRestorerTests
{
    [Fact]
    public void Restore_FindsRuntimeAssemblies_AndTheSecondTimeComesFromTheCache()
    {
        using var dir = new TemporaryDirectory();
        var restorer = new PackageRestorer(dir.File("cache"));
        PackageReference[] packages = [new("SharpZipLib", "1.4.1")];

        var first = restorer.Restore(packages, []);
        var second = new PackageRestorer(dir.File("cache")).Restore(packages, []);

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Contains("SharpZipLib, 1.4.1", first.Packages);
        Assert.Contains(first.Assemblies, a => a.EndsWith("ICSharpCode.SharpZipLib.dll", StringComparison.Ordinal) && File.Exists(a));
        Assert.Equal(first.Assemblies, second.Assemblies);
    }

    [Fact]
    public void Restore_ListsNativeAssetsForThisRuntime()
    {
        using var dir = new TemporaryDirectory();

        var result = new PackageRestorer(dir.File("cache")).Restore([new("TorchSharp-cpu", "0.107.0")], []);

        Assert.Contains(result.Assemblies, a => Path.GetFileName(a) == "TorchSharp.dll");
        Assert.Contains(result.NativeLibraries, n => Path.GetFileName(n) == "libtorch_cpu.so" && File.Exists(n));
    }

    [Fact]
    public void ALocalSource_AddedWithHashI_IsUsed()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("feed"));
        LocalPackage.Write(dir.File("feed", "NinNotebooks.LocalFeedSample.1.0.0.nupkg"), "NinNotebooks.LocalFeedSample", "1.0.0");
        var path = NotebookFixtures.Write(dir, "local.ipynb", ["#i \"nuget: feed\"\n#r \"nuget: NinNotebooks.LocalFeedSample, 1.0.0\""]);

        var (result, executed) = NotebookFixtures.Run(dir, path, new NotebookRunOptions { PackageCache = dir.File("cache") });

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal("Installed Packages\n - NinNotebooks.LocalFeedSample, 1.0.0", executed.Code().Single().Outputs.Single().Text());
    }

    [Fact]
    public void FloatingVersions_AreNotCached()
    {
        using var dir = new TemporaryDirectory();
        var restorer = new PackageRestorer(dir.File("cache"));
        PackageReference[] packages = [new("SharpZipLib", null)];

        restorer.Restore(packages, []);

        Assert.False(restorer.Restore(packages, []).FromCache);
    }

    [Fact]
    public void AConflictingVersion_IsRejectedLikeTheKernel()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "conflict.ipynb", ["#r \"nuget: SharpZipLib, 1.4.1\"", "#r \"nuget: SharpZipLib, 1.3.3\""]);

        var (result, _) = NotebookFixtures.Run(dir, path, new NotebookRunOptions { PackageCache = dir.File("cache") });

        Assert.Equal("SharpZipLib version 1.3.3 cannot be added because version 1.4.1 was added previously.", result.Cells[1].Message);
    }
}
