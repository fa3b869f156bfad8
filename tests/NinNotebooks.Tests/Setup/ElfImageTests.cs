using NinNotebooks.Setup;
using NinNotebooks.Platform;

namespace NinNotebooks.Tests.Setup;

public class ElfImageTests
{
    [Fact]
    public void TorchSharpWrapper_NeedsTheAnchorVersionOnlyForAnUnrelocatedSymbol()
    {
        var image = ElfImage.Read(NativeTestFiles.Asset);

        var anchor = image.VersionNeeds.Single(v => v.Name == NativeTestFiles.AnchorVersion);
        var bound = Enumerable.Range(0, image.DynamicSymbols.Count).Where(i => image.DynamicSymbols[i].VersionIndex == anchor.Index).ToList();

        Assert.Equal("libstdc++.so.6", anchor.File);
        Assert.Equal(["_ZSt21ios_base_library_initv"], bound.Select(i => image.DynamicSymbols[i].Name));
        Assert.DoesNotContain(bound, image.RelocatedSymbols.Contains);
    }

    [Fact]
    public void TorchSharpWrapper_RelocatesSymbolsOfOtherLibStdCxxVersions()
    {
        var image = ElfImage.Read(NativeTestFiles.Asset);

        var glibcxx330 = image.VersionNeeds.Single(v => v.Name == "GLIBCXX_3.4.30");

        Assert.Contains(image.RelocatedSymbols, i => image.DynamicSymbols[i].VersionIndex == glibcxx330.Index);
        Assert.True(image.RelocatedSymbols.Count > 100);
    }

    [Fact]
    public void LibStdCxx_DefinesItsVersions()
    {
        var path = LoadedNativeLibraries.FindLibStdCxx();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(path);
            return;
        }

        var versions = ElfImage.Read(path!).VersionDefinitions;

        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("GLIBCXX_3.4.30", versions);
        Assert.Contains("CXXABI_1.3", versions);
    }

    [Fact]
    public void NotAnElfFile_IsRejectedWithItsName()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("notes.so");
        File.WriteAllText(path, new string('x', 200));

        var error = Assert.Throws<InvalidDataException>(() => ElfImage.Read(path));

        Assert.Equal($"{path} is not an ELF file (expected the bytes 7F 45 4C 46 at offset 0).", error.Message);
    }

    [Fact]
    public void TruncatedFile_IsRejected()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("truncated.so");
        File.WriteAllBytes(path, File.ReadAllBytes(NativeTestFiles.Asset)[..100_000]);

        var error = Assert.Throws<InvalidDataException>(() => ElfImage.Read(path));

        Assert.StartsWith($"{path} is truncated or corrupt", error.Message);
    }

    [Fact]
    public void ThirtyTwoBitFile_IsRejected()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("lib32.so");
        var bytes = File.ReadAllBytes(NativeTestFiles.Asset)[..4096];
        bytes[4] = 1;
        File.WriteAllBytes(path, bytes);

        Assert.Contains("32-bit", Assert.Throws<InvalidDataException>(() => ElfImage.Read(path)).Message);
    }
}
