namespace NinNotebooks.Setup;

/// <summary>What <see cref="LibTorchBinding.Bind"/> did: the package folder it loaded libtorch from, and the other copies it found.</summary>
/// <param name="Folder">The folder of the package's libtorch; null when none was found (TorchSharp then loads as it would).</param>
/// <param name="Loaded">The libraries loaded from it, in order.</param>
/// <param name="Others">Other libtorch libraries the loader could reach on this machine (not used).</param>
public sealed record LibTorchBindingReport(string? Folder, IReadOnlyList<string> Loaded, IReadOnlyList<string> Others)
{
    /// <summary>One line: what was bound, and what else is there.</summary>
    public override string ToString() =>
        (Folder is null ? "package libtorch not found beside TorchSharp; TorchSharp searched as usual" : $"bound to {Folder} ({string.Join(", ", Loaded)})")
        + (Others.Count == 0 ? "; no other libtorch found" : $"; not used: {string.Join(", ", Others)}");
}
