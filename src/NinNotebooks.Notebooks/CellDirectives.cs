using System.Globalization;

namespace NinNotebooks.Notebooks;

/// <summary>
/// A C# cell after its directives are taken out, as the .NET Interactive kernel does before compiling:
/// <c>#r "nuget:..."</c> and <c>#i "nuget:..."</c> are hoisted (restored before the cell runs), <c>#!time</c> is noted,
/// a <c>#!csharp</c> selector is dropped, and any other magic command fails the cell before anything runs.
/// <c>#r "path.dll"</c> and other <c>#</c> lines stay for Roslyn. Removed lines become blank, so line numbers hold.
/// </summary>
/// <param name="Code">The C# left for Roslyn.</param>
/// <param name="Packages">Packages to restore first.</param>
/// <param name="Sources">Extra package sources (<c>#i</c>).</param>
/// <param name="Time">True when the cell asked for <c>#!time</c>.</param>
/// <param name="Error">Why the cell cannot run, or null.</param>
public sealed record CellDirectives(string Code, IReadOnlyList<PackageReference> Packages, IReadOnlyList<string> Sources, bool Time, string? Error)
{
    /// <summary>Splits <paramref name="source"/> into directives and code.</summary>
    public static CellDirectives Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var packages = new List<PackageReference>();
        var sources = new List<string>();
        var time = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("#r", StringComparison.Ordinal) && IsNuget(line[2..]))
            {
                packages.Add(ParsePackage(line[2..]));
                lines[i] = "";
            }
            else if (line.StartsWith("#i", StringComparison.Ordinal) && line.Length > 2 && char.IsWhiteSpace(line[2]))
            {
                sources.Add(line[2..].Trim().Trim('"').Replace("nuget:", "", StringComparison.Ordinal).Trim());
                lines[i] = "";
            }
            else if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                var name = line[2..].Split(' ', 2)[0];
                if (name == "time")
                {
                    time = true;
                }
                else if (Kernels.Normalize(name) is { } kernel)
                {
                    if (kernel != "csharp")
                    {
                        return Fail(string.Create(CultureInfo.InvariantCulture,
                            $"({i + 1},1): error: this cell switches to the {kernel} kernel at '{line}'; the executor runs C# only."));
                    }
                }
                else
                {
                    return Fail(string.Create(CultureInfo.InvariantCulture, $"({i + 1},1): error DNI101: Unknown magic command '#!{name}'"));
                }

                lines[i] = "";
            }
        }

        return new CellDirectives(string.Join('\n', lines), packages, sources, time, null);

        CellDirectives Fail(string error) => new("", [], [], false, error);
    }

    private static bool IsNuget(string rest)
    {
        var text = rest.Trim().Trim('"').TrimStart();
        return rest.Length > 0 && char.IsWhiteSpace(rest[0]) && text.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase);
    }

    private static PackageReference ParsePackage(string rest)
    {
        var text = rest.Trim().Trim('"').Trim()["nuget:".Length..];
        var parts = text.Split(',', 2);
        var version = parts.Length > 1 ? parts[1].Trim().Trim('"').Trim() : null;
        return new PackageReference(parts[0].Trim().Trim('"').Trim(), string.IsNullOrEmpty(version) ? null : version);
    }
}
