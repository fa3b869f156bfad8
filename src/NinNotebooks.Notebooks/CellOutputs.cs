using Microsoft.DotNet.Interactive;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Collects one cell's outputs while it runs, from any thread: console writes (consecutive writes to the same stream
/// merged, as VS Code does), displays, updates of earlier displays (also in earlier cells), and errors.
/// </summary>
/// <remarks>Every change to an output list happens under a lock on that list.</remarks>
internal sealed class CellOutputs(List<CellOutput> outputs, Dictionary<string, List<CellOutput>> displays, ValueFormatter formatter)
{
    public void Write(string stream, string text)
    {
        lock (outputs)
        {
            if (outputs.Count > 0 && outputs[^1] is StreamOutput last && last.Name == stream)
            {
                outputs[^1] = last with { Text = last.Text + text };
            }
            else
            {
                outputs.Add(new StreamOutput(stream, text));
            }
        }
    }

    public void Display(DisplayEvent display)
    {
        var data = formatter.Format(display.Value, display.MimeTypes);
        lock (outputs)
        {
            if (display.IsUpdate && displays.TryGetValue(display.DisplayId, out var owner))
            {
                lock (owner)
                {
                    var index = owner.FindIndex(o => o is DisplayOutput d && d.DisplayId == display.DisplayId);
                    if (index >= 0)
                    {
                        owner[index] = new DisplayOutput(data, display.DisplayId);
                        return;
                    }
                }
            }

            outputs.Add(new DisplayOutput(data, display.DisplayId));
            displays[display.DisplayId] = outputs;
        }
    }

    public void Add(CellOutput output)
    {
        lock (outputs)
        {
            outputs.Add(output);
        }
    }
}
