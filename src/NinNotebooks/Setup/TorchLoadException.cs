using NinNotebooks.Platform;
namespace NinNotebooks.Setup;

/// <summary>
/// TorchSharp's native libraries could not be loaded in this process. The message lists what the
/// compatibility step found for each copy of the wrapper library and the cause; a new process is needed
/// after fixing it (TorchSharp's type initializer does not retry).
/// </summary>
public sealed class TorchLoadException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TorchLoadException(NativeCompatibilityReport compatibility, string cause, Exception? innerException)
        : base(
            "TorchSharp's native libraries could not be loaded.\n" +
            $"  Compatibility step: {compatibility.Summary}\n" +
            string.Concat(compatibility.Libraries.Select(l => $"  {l}\n")) +
            $"  Cause: {cause}\n" +
            "Run `nin doctor` for a full report; environment/README.md explains the native setup.",
            innerException)
    {
        Compatibility = compatibility;
        Cause = cause;
    }

    /// <summary>What the compatibility step found.</summary>
    public NativeCompatibilityReport Compatibility { get; }

    /// <summary>Why loading failed, in one sentence.</summary>
    public string Cause { get; }
}
