using System.IO.Compression;

namespace NinNotebooks.Tests.Notebooks;

/// <summary>Writes a minimal .nupkg (a nuspec and one empty content file), enough for NuGet to restore it from a folder feed.</summary>
internal static class LocalPackage
{
    public static void Write(string path, string id, string version)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var nuspec = new StreamWriter(zip.CreateEntry($"{id}.nuspec").Open()))
        {
            nuspec.Write($"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>{id}</id>
                    <version>{version}</version>
                    <authors>NinNotebooks tests</authors>
                    <description>A package that exists only in a local folder feed.</description>
                  </metadata>
                </package>
                """);
        }

        using var content = new StreamWriter(zip.CreateEntry("content/readme.txt").Open());
        content.Write("local feed sample");
    }
}
