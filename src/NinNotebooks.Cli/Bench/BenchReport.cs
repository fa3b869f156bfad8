using System.Globalization;
using System.Text.Json;

namespace NinNotebooks.Cli.Bench;

/// <summary>
/// The figures of one <c>nin bench</c> run: printed as a readable table, then, as the last line, the same figures as
/// one JSON object whose keys carry names and units (e.g. <c>"load_60k_s"</c>), so runs can be compared; text facts
/// (the CPU's features, the path chosen) come first in it as strings.
/// </summary>
internal sealed class BenchReport(string title)
{
    private readonly List<(string Label, double Value, string Unit, string Key)> _rows = [];
    private readonly List<string> _notes = [];
    private readonly List<(string Label, string Value, string Key)> _texts = [];
    private readonly List<string> _failures = [];

    /// <summary>Adds a figure: its label in the table, value, unit, and JSON key (which must name the unit).</summary>
    public BenchReport Add(string label, double value, string unit, string key)
    {
        _rows.Add((label, value, unit, key));
        return this;
    }

    /// <summary>Adds a fact that is text (printed under the title; first in the JSON), e.g. the CPU's features.</summary>
    public BenchReport Text(string label, string value, string key)
    {
        _texts.Add((label, value, key));
        return this;
    }

    /// <summary>
    /// Records that the run does not show what it should (e.g. a variant that stayed at chance): printed after the
    /// notes as "FAILED: ...", before the JSON line; <see cref="Failures"/> lets the command exit with an error.
    /// </summary>
    public BenchReport Fail(string failure)
    {
        _failures.Add(failure);
        return this;
    }

    /// <summary>What <see cref="Fail"/> recorded.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Adds a line printed under the table (what was measured, on what data).</summary>
    public BenchReport Note(string note)
    {
        _notes.Add(note);
        return this;
    }

    /// <summary>The value recorded under <paramref name="key"/>.</summary>
    public double this[string key] => _rows.Single(r => r.Key == key).Value;

    /// <summary>Writes the table, the notes, and the JSON line last.</summary>
    public void Write(TextWriter output)
    {
        var width = Math.Max(6, _rows.Max(r => r.Label.Length));
        output.WriteLine(title);
        foreach (var (label, value, _) in _texts)
        {
            output.WriteLine($"{label}: {value}");
        }

        output.WriteLine($"{"figure".PadRight(width)}  {"value",14}  unit");
        output.WriteLine($"{new string('-', width)}  {new string('-', 14)}  ----");
        foreach (var (label, value, unit, _) in _rows)
        {
            output.WriteLine($"{label.PadRight(width)}  {Format(value),14}  {unit}");
        }

        foreach (var note in _notes)
        {
            output.WriteLine(note);
        }

        foreach (var failure in _failures)
        {
            output.WriteLine($"FAILED: {failure}");
        }

        var json = new Dictionary<string, object>();
        _texts.ForEach(t => json.Add(t.Key, t.Value));
        _rows.ForEach(r => json.Add(r.Key, Math.Round(r.Value, 4)));
        output.WriteLine(JsonSerializer.Serialize(json));
    }

    private static string Format(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "N0" : "0.000", CultureInfo.InvariantCulture);
}
