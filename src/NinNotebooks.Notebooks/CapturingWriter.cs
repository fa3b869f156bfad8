using System.Text;

namespace NinNotebooks.Notebooks;

/// <summary>A console writer that hands every write to a callback (the running cell's outputs).</summary>
internal sealed class CapturingWriter(Action<string> write) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => write(value.ToString());

    public override void Write(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count) => write(new string(buffer, index, count));

    public override void WriteLine(string? value) => write((value ?? "") + "\n");
}
