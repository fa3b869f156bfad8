using System.Xml.Linq;

namespace NinNotebooks.Tests;

/// <summary>Paths in the checkout the tests were built from, and the NuGet folder its packages were restored to.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding NinNotebooks.sln, found by walking up from the test output.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The version Directory.Packages.props pins for <paramref name="package"/>.</summary>
    public static string PinnedVersion(string package) =>
        XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == package).Attribute("Version")!.Value;

    /// <summary>The NuGet packages folder: $NUGET_PACKAGES, or ~/.nuget/packages.</summary>
    public static string NuGetPackages => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
        ? packages : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NinNotebooks.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No NinNotebooks.sln above {AppContext.BaseDirectory}.");
    }
}
