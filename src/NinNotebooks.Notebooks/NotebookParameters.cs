using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive.Documents;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Parameters as papermill passes them: <c>name=value</c> pairs, typed as int, double, bool or string, injected as a
/// new cell right after the cell tagged <c>parameters</c> (at the top when there is none) so they override its defaults.
/// </summary>
public static class NotebookParameters
{
    /// <summary>The tag of the cell holding a notebook's default parameters.</summary>
    public const string Tag = "parameters";

    /// <summary>The tag of the injected cell.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>Parses "name=value" into a name and a typed value.</summary>
    public static KeyValuePair<string, object> Parse(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        var name = equals > 0 ? assignment[..equals].Trim() : "";
        if (!SyntaxFacts.IsValidIdentifier(name))
        {
            throw new ArgumentException($"--param: expected name=value with a C# identifier as name, got '{assignment}'.");
        }

        var text = assignment[(equals + 1)..];
        object value =
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d
            : bool.TryParse(text, out var b) ? b
            : text;
        return KeyValuePair.Create(name, value);
    }

    /// <summary>C# that assigns the parameters, one <c>var</c> per line.</summary>
    public static string ToCode(IEnumerable<KeyValuePair<string, object>> parameters) =>
        string.Join('\n', parameters.Select(p => $"var {p.Key} = {Literal(p.Value)};"));

    /// <summary>The parameters as assignments to the variables the parameters cell declared (for a program, where a
    /// second declaration would not compile).</summary>
    internal static string ToAssignments(IEnumerable<KeyValuePair<string, object>> parameters) =>
        string.Join('\n', parameters.Select(p => $"{p.Key} = {Literal(p.Value)};"));

    /// <summary>The names a parameters cell declares (<c>var name = ...;</c> at the start of a line).</summary>
    public static IReadOnlySet<string> Declared(string parametersCell) =>
        System.Text.RegularExpressions.Regex.Matches(parametersCell ?? "", @"(?m)^\s*var\s+(\w+)\s*=").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Inserts the parameter cell into <paramref name="notebook"/>; returns its index.</summary>
    public static int Inject(InteractiveDocument notebook, IReadOnlyList<KeyValuePair<string, object>> parameters)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var cells = notebook.Elements;
        var index = cells.Select((c, i) => (c, i)).FirstOrDefault(x => !x.c.IsMarkdown() && x.c.Tags().Contains(Tag), (null!, -1)).Item2 + 1;
        cells.Insert(index, new InteractiveDocumentElement("// Parameters injected by nin notebooks run\n" + ToCode(parameters), NotebookKernel.CSharp)
        {
            Metadata = new Dictionary<string, object> { ["tags"] = new List<object> { InjectedTag } },
        });
        return index;
    }

    private static string Literal(object value) => value switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        bool b => b ? "true" : "false",
        _ => SymbolDisplay.FormatLiteral(value.ToString() ?? "", quote: true),
    };
}
