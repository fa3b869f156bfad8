using System.Buffers.Binary;
using NinNotebooks.Setup;
using NinNotebooks.Platform;

namespace NinNotebooks.Tests.Setup;

/// <summary>Copies of TorchSharp 0.107.0's Linux wrapper library, in the state a fresh NuGet restore leaves it.</summary>
internal static class NativeTestFiles
{
    /// <summary>The version only <c>std::ios_base_library_init()</c> is bound to.</summary>
    public const string AnchorVersion = "GLIBCXX_3.4.32";

    /// <summary>A test asset copied from the TorchSharp package (never patched by the code under test).</summary>
    public static string Asset => Path.Combine(AppContext.BaseDirectory, "TestAssets", "libLibTorchSharp.linux-x64.so");

    /// <summary>Writes the library to <paramref name="path"/> with every libstdc++ requirement strong, as published.</summary>
    public static string WritePristineCopy(string path)
    {
        var image = ElfImage.Read(Asset);
        var bytes = image.CopyBytes();
        foreach (var need in image.VersionNeeds.Where(v => v.IsWeak))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(need.FlagsOffset, 2), (ushort)(need.Flags & ~ElfImage.WeakFlag));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The libstdc++ versions the library needs, minus <paramref name="missing"/>: a libstdc++ that lacks exactly those.</summary>
    public static HashSet<string> LibStdCxxLacking(params string[] missing) =>
        ElfImage.Read(Asset).VersionNeeds
            .Where(v => v.File.StartsWith("libstdc++", StringComparison.Ordinal))
            .Select(v => v.Name)
            .Except(missing)
            .ToHashSet();
}
