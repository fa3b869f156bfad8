namespace NinNotebooks.Tests;

/// <summary>
/// The trait that splits the suite for <c>dotnet test --filter</c>. <see cref="Integration"/> marks tests that start a
/// process (<c>nin</c>, the notebook runner and its kernel, <c>dotnet run</c>, <c>dotnet fsi</c>, msbuild), a browser, or
/// train end to end through the CLI; the README's fast command for development runs everything else
/// (<c>--filter "Category!=Integration"</c>), and <c>dotnet test</c> and <c>.ci/run</c> run all of it.
/// </summary>
internal static class TestCategory
{
    /// <summary>The trait's name.</summary>
    public const string Name = "Category";

    /// <summary>Tests that start processes, kernels, browsers or msbuild.</summary>
    public const string Integration = "Integration";
}
