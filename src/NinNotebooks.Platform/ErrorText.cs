using System.Runtime.InteropServices;

namespace NinNotebooks.Platform;

/// <summary>Turns exceptions into the text a person needs.</summary>
internal static class ErrorText
{
    /// <summary>
    /// The exception's message without .NET's " (Parameter 'x')" suffix (and the "Actual value was" line an
    /// <see cref="ArgumentOutOfRangeException"/> adds after it, when the message already says the value), and for
    /// libtorch errors only their first line (libtorch appends a native stack trace after it).
    /// </summary>
    public static string Of(Exception exception)
    {
        var message = exception is ExternalException ? exception.Message.Split('\n')[0].Trim() : exception.Message.Trim();
        var suffix = exception is ArgumentException { ParamName: { } name } ? $" (Parameter '{name}')" : null;
        var at = suffix is null ? -1 : message.LastIndexOf(suffix, StringComparison.Ordinal);
        if (at < 0)
        {
            return message;
        }

        var rest = message[(at + suffix!.Length)..].Trim();
        return rest.Length == 0 || rest.StartsWith("Actual value was", StringComparison.Ordinal) ? message[..at] : message;
    }
}
