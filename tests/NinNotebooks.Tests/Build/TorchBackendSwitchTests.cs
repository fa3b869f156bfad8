using System.Text.Json;

namespace NinNotebooks.Tests.Build;

/// <summary>The documented switch between TorchSharp's CPU and CUDA backends (evaluated, not restored: CUDA packages are not available here).</summary>
[Trait(TestCategory.Name, TestCategory.Integration)]
public class TorchBackendSwitchTests
{
    private static readonly string CliProject = Path.Combine(RepositoryPaths.Root, "src", "NinNotebooks.Cli", "NinNotebooks.Cli.csproj");

    private static List<string> PackageReferences(params string[] properties)
    {
        var result = ChildProcess.Run("dotnet", ["msbuild", CliProject, "-getItem:PackageReference", .. properties], RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, result.All);
        using var json = JsonDocument.Parse(result.Output);
        return [.. json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!)];
    }

    [Fact]
    public void Default_IsTheCpuBackend()
    {
        var references = PackageReferences();

        Assert.Contains("TorchSharp-cpu", references);
        Assert.DoesNotContain("TorchSharp-cuda-linux", references);
    }

    [Fact]
    public void CudaSwitch_SelectsTheCudaBackendInstead()
    {
        var references = PackageReferences("-p:TorchBackend=cuda");

        Assert.Contains("TorchSharp-cuda-linux", references);
        Assert.DoesNotContain("TorchSharp-cpu", references);
    }

    [Fact]
    public void LibraryReferencesOnlyTheManagedPackage()
    {
        var result = ChildProcess.Run("dotnet",
            ["msbuild", Path.Combine(RepositoryPaths.Root, "src", "NinNotebooks", "NinNotebooks.csproj"), "-getItem:PackageReference", "-p:TorchBackend=cuda"],
            RepositoryPaths.Root);

        Assert.Contains("\"Identity\": \"TorchSharp\"", result.Output);
        Assert.DoesNotContain("TorchSharp-c", result.Output);
    }

    [Fact]
    public void UnknownBackend_FailsWithAnExplanation()
    {
        var result = ChildProcess.Run("dotnet", ["msbuild", CliProject, "-t:NinCheckTorchBackend", "-p:TorchBackend=gpu", "-nologo"], RepositoryPaths.Root);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("TorchBackend is 'gpu'; expected 'cpu' (the default) or 'cuda'", result.All);
    }
}
