using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Restores <c>#r "nuget:..."</c> packages the way the .NET Interactive kernel does, without it: a small SDK project
/// for this runtime (net10.0, this machine's RID) with one PackageReference per package, <c>dotnet restore</c>, then the
/// runtime and native assets read from <c>obj/project.assets.json</c>. Results are cached on disk by the exact set of
/// packages and sources, so a second run (or a second notebook) with the same packages does not run NuGet again.
/// </summary>
public sealed class PackageRestorer
{
    private const string TargetFramework = "net10.0";

    /// <summary>Uses <paramref name="cacheDirectory"/> (default: <c>$XDG_CACHE_HOME/nin-notebooks/packages</c> or <c>~/.cache/...</c>).</summary>
    public PackageRestorer(string? cacheDirectory = null)
    {
        CacheDirectory = cacheDirectory ?? Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "nin-notebooks", "packages");
    }

    /// <summary>Where restore projects and cached results live.</summary>
    public string CacheDirectory { get; }

    /// <summary>Restores <paramref name="packages"/> (the whole set requested so far) from the default feeds plus <paramref name="sources"/>.</summary>
    /// <exception cref="PackageRestoreException">NuGet failed; the message has its errors.</exception>
    public RestoreResult Restore(IReadOnlyList<PackageReference> packages, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentNullException.ThrowIfNull(sources);
        var rid = RuntimeInformation.RuntimeIdentifier;
        var key = Key(packages, sources, rid);
        var directory = Path.Combine(CacheDirectory, key);
        var cached = Path.Combine(directory, "result.json");
        var cacheable = packages.All(p => p.Version is { } v && !v.Contains('*', StringComparison.Ordinal));
        if (cacheable && File.Exists(cached) && JsonSerializer.Deserialize<RestoreResult>(File.ReadAllText(cached)) is { } previous
            && previous.Assemblies.Concat(previous.NativeLibraries).All(File.Exists))
        {
            return previous with { FromCache = true };
        }

        Directory.CreateDirectory(directory);
        var project = Path.Combine(directory, "restore.csproj");
        File.WriteAllText(project, Project(packages, sources, rid));
        RunRestore(project, packages);
        var result = ReadAssets(Path.Combine(directory, "obj", "project.assets.json"), rid);
        if (cacheable)
        {
            AtomicFile.WriteAllText(cached, JsonSerializer.Serialize(result));
        }

        return result;
    }

    private static string Key(IReadOnlyList<PackageReference> packages, IReadOnlyList<string> sources, string rid)
    {
        var text = string.Join('\n', [TargetFramework, rid, .. packages.Select(p => $"{p.Name.ToLowerInvariant()}/{p.Version}").Order(StringComparer.Ordinal), .. sources]);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }

    private static string Project(IReadOnlyList<PackageReference> packages, IReadOnlyList<string> sources, string rid)
    {
        var references = string.Join("\n", packages.Select(p =>
            $"    <PackageReference Include=\"{Escape(p.Name)}\" Version=\"{Escape(p.Version ?? "*")}\" />"));
        var extraSources = sources.Count == 0 ? "" : $"\n    <RestoreAdditionalProjectSources>{Escape(string.Join(';', sources))}</RestoreAdditionalProjectSources>";
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{TargetFramework}</TargetFramework>
                <RuntimeIdentifier>{rid}</RuntimeIdentifier>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <NoWarn>NU1603;NU1701;NU1608</NoWarn>{extraSources}
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """;
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? text;

    private static void RunRestore(string project, IReadOnlyList<PackageReference> packages)
    {
        var start = new ProcessStartInfo("dotnet", ["restore", project, "--nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new PackageRestoreException("Could not start `dotnet restore`.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var lines = (output.Result + error.Result).Split('\n')
                .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                .Select(l => l.Replace(project, "", StringComparison.Ordinal).Trim(' ', ':', '\r'))
                .Distinct()
                .ToList();
            throw new PackageRestoreException(
                $"Could not restore {string.Join("; ", packages)}:{Environment.NewLine}{string.Join(Environment.NewLine, lines.Count > 0 ? lines : [output.Result.Trim()])}");
        }
    }

    private static RestoreResult ReadAssets(string assetsPath, string rid)
    {
        var assets = JsonNode.Parse(File.ReadAllText(assetsPath))!;
        var packageFolder = (assets["packageFolders"] as JsonObject)?.Select(p => p.Key).FirstOrDefault()
            ?? throw new PackageRestoreException($"{assetsPath}: no package folder.");
        var libraries = assets["libraries"] as JsonObject ?? [];
        var target = assets["targets"]?[$"{TargetFramework}/{rid}"] as JsonObject
            ?? throw new PackageRestoreException($"{assetsPath}: no target {TargetFramework}/{rid}.");
        var packages = new List<string>();
        var managed = new List<string>();
        var native = new List<string>();
        foreach (var (id, entry) in target)
        {
            if (entry?["type"]?.GetValue<string>() != "package" || libraries[id]?["path"]?.GetValue<string>() is not { } path)
            {
                continue;
            }

            packages.Add(id.Replace('/', ',').Replace(",", ", ", StringComparison.Ordinal));
            var root = Path.Combine(packageFolder, path);
            managed.AddRange(Files(entry["runtime"], root).Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)));
            native.AddRange(Files(entry["native"], root));
        }

        return new RestoreResult(packages, managed, native, FromCache: false);
    }

    private static IEnumerable<string> Files(JsonNode? assets, string root) =>
        (assets as JsonObject ?? []).Select(p => p.Key).Where(k => !k.EndsWith("_._", StringComparison.Ordinal)).Select(k => Path.GetFullPath(Path.Combine(root, k)));
}
