using System.Globalization;

namespace NinNotebooks.Lessons;

/// <summary>
/// The typing rules of <c>name=value</c> parameters, shared by <c>nin notebooks run --param</c> and the lesson apps
/// exported from notebooks: a value is an int, a long, a double or a bool only when it is written exactly as one
/// (" 7 " stays a string); a whole number too large for an int is a long, never a double; anything else is a string.
/// </summary>
public static class ParameterValue
{
    // No leading or trailing white space: " 7 " is the string " 7 ", not the int 7.
    private const NumberStyles WholeNumber = NumberStyles.AllowLeadingSign;
    private const NumberStyles RealNumber = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Splits <c>name=value</c> at its first '='; the name trimmed and without C#'s verbatim <c>@</c> (@x is x). Null without a name.</summary>
    public static (string Name, string Text)? Split(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        var name = equals > 0 ? assignment[..equals].Trim() : "";
        if (name.StartsWith('@'))
        {
            name = name[1..];
        }

        return name.Length == 0 ? null : (name, assignment[(equals + 1)..]);
    }

    /// <summary>The typed value of <paramref name="text"/> (see the class).</summary>
    /// <param name="name">The parameter's name, for the message.</param>
    /// <param name="text">The value as written.</param>
    /// <exception cref="ArgumentException">A whole number too large for a long.</exception>
    public static object Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return int.TryParse(text, WholeNumber, CultureInfo.InvariantCulture, out var i) ? i
            : long.TryParse(text, WholeNumber, CultureInfo.InvariantCulture, out var l) ? l
            : IsWholeNumber(text) ? throw new ArgumentException($"--param {name}: {text} is a whole number too large for a long; write it with a decimal point for a double, or quote it in the notebook as a string.")
            : double.TryParse(text, RealNumber, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d
            : text is "true" or "True" ? true
            : text is "false" or "False" ? false
            : text;
    }

    /// <summary>
    /// <paramref name="value"/> (typed by <see cref="Parse"/> from <paramref name="text"/>) as a value of
    /// <paramref name="type"/>, the type of the notebook's default: an int widens to a long or a double, a long to a
    /// double, and a string parameter takes the text as written. Null when it does not fit.
    /// </summary>
    public static object? ConvertTo(Type type, object value, string text)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        return type == typeof(string) ? text
            : type == typeof(object) || type.IsInstanceOfType(value) ? value
            : type == typeof(long) && value is int i ? (long)i
            : type == typeof(double) && value is int j ? (double)j
            : type == typeof(double) && value is long l ? (double)l
            : null;
    }

    /// <summary>A type as C# names it, with its article (an int, a long, a double, a bool, a string), for messages.</summary>
    public static string TypeName(Type type) =>
        type == typeof(int) ? "an int" : type == typeof(long) ? "a long" : type == typeof(double) ? "a double"
        : type == typeof(bool) ? "a bool" : type == typeof(string) ? "a string" : $"a {type?.Name}";

    private static bool IsWholeNumber(string text) =>
        text.Length > 0 && text.AsSpan(text[0] is '-' or '+' ? 1 : 0) is { Length: > 0 } digits && digits.IndexOfAnyExceptInRange('0', '9') < 0;
}
