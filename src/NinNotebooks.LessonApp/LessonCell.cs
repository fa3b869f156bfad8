namespace NinNotebooks.Lessons;

/// <summary>One cell of a lesson as its page shows it: markdown (rendered when the page is written) or code (already HTML).</summary>
public sealed class LessonCell
{
    private LessonCell(bool isCode, string text)
    {
        IsCode = isCode;
        Text = text;
    }

    /// <summary>True for a code cell.</summary>
    public bool IsCode { get; }

    /// <summary>The markdown of a markdown cell, or the highlighted HTML of a code cell's source.</summary>
    public string Text { get; }

    /// <summary>A markdown cell.</summary>
    public static LessonCell Markdown(string markdown) => new(isCode: false, markdown ?? "");

    /// <summary>A code cell, its source as HTML (encoded and highlighted by the exporter).</summary>
    public static LessonCell Code(string highlightedHtml) => new(isCode: true, highlightedHtml ?? "");
}
