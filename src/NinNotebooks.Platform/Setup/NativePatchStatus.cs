namespace NinNotebooks.Platform;

/// <summary>What <see cref="NativeCompatibility"/> found, and did, for one copy of <c>libLibTorchSharp.so</c>.</summary>
public enum NativePatchStatus
{
    /// <summary>This machine's libstdc++ provides every version the library asks for; the file was not touched.</summary>
    NotNeeded,

    /// <summary>Some versions are missing, but they were already marked weak (an earlier run did it).</summary>
    AlreadyApplied,

    /// <summary>Missing, unused versions were just marked weak.</summary>
    Applied,

    /// <summary>Missing versions are really used by the library: a newer libstdc++ is required. Nothing was changed.</summary>
    CannotFix,

    /// <summary>The file could not be read or rewritten (for example, a read-only folder). Nothing was changed.</summary>
    Failed,
}
