using System.Runtime.InteropServices;

namespace NinNotebooks;

/// <summary>Turns exceptions into the text a person needs.</summary>
internal static class ErrorText
{
    /// <summary>
    /// The exception's message without .NET's " (Parameter 'x')" suffix, and for libtorch errors only their
    /// first line (libtorch appends a native stack trace after it).
    /// </summary>
    public static string Of(Exception exception)
    {
        var message = exception is ExternalException ? exception.Message.Split('\n')[0].Trim() : exception.Message.Trim();
        var suffix = exception is ArgumentException { ParamName: { } name } ? $" (Parameter '{name}')" : null;
        return suffix is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }
}
