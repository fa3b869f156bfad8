namespace NinNotebooks.Platform;

/// <summary>The outcome of <see cref="NativeCompatibility.Ensure(string?)"/> for every copy of the TorchSharp wrapper it found.</summary>
/// <param name="LibStdCxxPath">The libstdc++ the libraries were checked against (the one this process loaded); null when unknown.</param>
/// <param name="Libraries">One entry per copy of <c>libLibTorchSharp.so</c> found.</param>
/// <param name="Note">Anything else worth saying (e.g. not Linux, nothing found); empty when there is nothing.</param>
/// <param name="LibStdCxxVersions">The symbol versions that libstdc++ defines; null when it was not read.</param>
public sealed record NativeCompatibilityReport(
    string? LibStdCxxPath, IReadOnlyList<NativeLibraryCheck> Libraries, string Note, IReadOnlySet<string>? LibStdCxxVersions = null)
{
    /// <summary>The newest <c>GLIBCXX_3.4.x</c> version libstdc++ defines (e.g. GLIBCXX_3.4.30 for GCC 12); null when unknown.</summary>
    public string? NewestGlibcxx => LibStdCxxVersions?
        .Where(v => v.StartsWith("GLIBCXX_3.4", StringComparison.Ordinal))
        .OrderBy(v => Version.TryParse(v["GLIBCXX_".Length..], out var version) ? version : new Version())
        .LastOrDefault();

    /// <summary>Whether any copy asked for a libstdc++ version this machine lacks (so the step was needed).</summary>
    public bool WasNeeded => Libraries.Any(l => l.MissingVersions.Count > 0);

    /// <summary>Whether every copy found will load (true when none was found: then there is nothing to block).</summary>
    public bool AllLoadable => Libraries.All(l => l.IsLoadable);

    /// <summary>One line for people: needed or not, and what was done.</summary>
    public string Summary
    {
        get
        {
            if (Libraries.Count == 0)
            {
                return Note;
            }

            var counts = string.Join(", ", Libraries.GroupBy(l => l.Status).Select(g => $"{g.Count()} {Describe(g.Key)}"));
            var missing = string.Join(", ", Libraries.SelectMany(l => l.MissingVersions).Distinct());
            return (WasNeeded, AllLoadable) switch
            {
                (false, true) => "not needed (libstdc++ is new enough); nothing was changed",
                (false, false) => $"could not check every copy: {counts}",
                (true, true) => $"needed ({missing} missing from libstdc++): {counts}",
                (true, false) => $"needed ({missing} missing from libstdc++) but NOT applied: {counts}",
            };
        }
    }

    private static string Describe(NativePatchStatus status) => status switch
    {
        NativePatchStatus.Applied => "patched now",
        NativePatchStatus.AlreadyApplied => "already patched",
        NativePatchStatus.NotNeeded => "unaffected",
        NativePatchStatus.CannotFix => "cannot be patched",
        _ => "failed",
    };
}
