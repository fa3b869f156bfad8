namespace NinNotebooks.Platform;

/// <summary>The outcome of the compatibility step for one copy of <c>libLibTorchSharp.so</c>.</summary>
/// <param name="Path">The file.</param>
/// <param name="Status">What was found and done.</param>
/// <param name="MissingVersions">libstdc++ versions the file asks for that this machine's libstdc++ lacks.</param>
/// <param name="Detail">One human-readable sentence explaining <paramref name="Status"/>.</param>
public sealed record NativeLibraryCheck(string Path, NativePatchStatus Status, IReadOnlyList<string> MissingVersions, string Detail)
{
    /// <summary>Whether the dynamic loader will accept this file on this machine.</summary>
    public bool IsLoadable => Status is NativePatchStatus.NotNeeded or NativePatchStatus.AlreadyApplied or NativePatchStatus.Applied;

    /// <inheritdoc/>
    public override string ToString() => $"{Status}: {Path}: {Detail}";
}
