namespace Microsoft.DotNet.Interactive;

/// <summary>A value shown in a cell's output; <see cref="Update"/> replaces it in place (e.g. a progress display).</summary>
public sealed class DisplayedValue
{
    internal DisplayedValue(string id, IReadOnlyList<string> mimeTypes)
    {
        DisplayId = id;
        MimeTypes = mimeTypes;
    }

    /// <summary>Identifies the output this value occupies.</summary>
    public string DisplayId { get; }

    /// <summary>The MIME types it is shown as (empty: the value's preferred type).</summary>
    public IReadOnlyList<string> MimeTypes { get; }

    /// <summary>Shows <paramref name="updatedValue"/> in place of the current value.</summary>
    public void Update(object? updatedValue) => KernelEvents.Update(this, updatedValue);
}
