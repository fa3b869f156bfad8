using System.Text.Json;

namespace NinNotebooks.Tests.Notebooks;

/// <summary>
/// dotnet-repl, the .NET Interactive kernel without an editor, installed as this repository's local tool
/// (.config/dotnet-tools.json): the reference a notebook run is compared with.
/// </summary>
internal static class DotnetRepl
{
    private static readonly Lazy<string> Program = new(Restore);

    /// <summary>Runs <paramref name="notebook"/> in dotnet-repl from its folder and returns the executed copy's path.</summary>
    public static (ChildProcess.Result Run, string Output) Execute(string notebook, string outputPath)
    {
        var run = ChildProcess.Run("dotnet",
            [Program.Value, "--run", notebook, "--exit-after-run", "--output-path", outputPath],
            Path.GetDirectoryName(notebook)!, TimeSpan.FromMinutes(10));
        return (run, outputPath);
    }

    /// <summary>`dotnet tool restore`, then the path of the tool's program in the NuGet folder.</summary>
    private static string Restore()
    {
        var restore = ChildProcess.Run("dotnet", ["tool", "restore"], RepositoryPaths.Root);
        Assert.True(restore.ExitCode == 0, restore.All);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".config", "dotnet-tools.json")));
        var version = manifest.RootElement.GetProperty("tools").GetProperty("dotnet-repl").GetProperty("version").GetString()!;
        var program = Directory.GetFiles(Path.Combine(RepositoryPaths.NuGetPackages, "dotnet-repl", version, "tools"), "dotnet-repl.dll", SearchOption.AllDirectories).Single();
        return program;
    }
}
