using System.Globalization;
using System.Text.Json;

namespace NinNotebooks.Notebooks;

/// <summary>
/// <see cref="NotebookRunOptions"/> in a file, so the process that runs one notebook gets every option the run was given,
/// parsed once, with the parameters' types kept (an int stays an int).
/// </summary>
internal static class RunOptionsFile
{
    /// <summary>Writes <paramref name="options"/> to <paramref name="path"/>.</summary>
    public static void Save(NotebookRunOptions options, string path)
    {
        var stored = new Stored(
            options.OutputDirectory,
            [.. options.Parameters.Select(p => new StoredParameter(p.Key, p.Value.GetType().Name, Convert.ToString(p.Value, CultureInfo.InvariantCulture)!))],
            options.CellTimeout.TotalSeconds,
            options.ContinueOnError,
            options.TorchBackend);
        // A new file only this user can read (it holds the parameter values); it is private to one run, so it needs no
        // atomic replacement.
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, file);
        JsonSerializer.Serialize(stream, stored);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads the options written by <see cref="Save"/>.</summary>
    public static NotebookRunOptions Load(string path)
    {
        var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: no run options.");
        return new NotebookRunOptions
        {
            OutputDirectory = stored.OutputDirectory,
            Parameters = [.. stored.Parameters.Select(p => KeyValuePair.Create(p.Name, Value(p)))],
            CellTimeout = TimeSpan.FromSeconds(stored.CellTimeoutSeconds),
            ContinueOnError = stored.ContinueOnError,
            TorchBackend = stored.TorchBackend,
        };
    }

    private static object Value(StoredParameter p) => p.Type switch
    {
        nameof(Int32) => int.Parse(p.Value, CultureInfo.InvariantCulture),
        nameof(Int64) => long.Parse(p.Value, CultureInfo.InvariantCulture),
        nameof(Double) => double.Parse(p.Value, CultureInfo.InvariantCulture),
        nameof(Boolean) => bool.Parse(p.Value),
        _ => p.Value,
    };

    private sealed record Stored(string OutputDirectory, List<StoredParameter> Parameters, double CellTimeoutSeconds, bool ContinueOnError, string TorchBackend);

    private sealed record StoredParameter(string Name, string Type, string Value);
}
