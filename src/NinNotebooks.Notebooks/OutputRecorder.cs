using System.Globalization;
using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Turns the kernel's events into cell outputs the way VS Code's Polyglot extension keeps them: console writes become
/// <c>stream</c> outputs, with consecutive writes to the same stream appended to one output; displays, updates and a
/// trailing value become <c>display_data</c>; <see cref="ErrorProduced"/> and the cell's own <see cref="CommandFailed"/>
/// become <c>error</c> outputs named "Error".
/// </summary>
/// <remarks>
/// Updates follow VS Code exactly: an update replaces the output of the same value id in the running cell; an update for
/// an id never seen is a new output; an update for an output of an earlier cell changes nothing. (In this kernel
/// version <c>display(x)</c> returns a value whose id differs from the one it displayed, so <c>shown.Update(y)</c> adds
/// a second output, and later updates replace that one.)
/// </remarks>
/// <remarks>
/// The kernel reports events from any thread; every change happens under one lock. Stream text is gathered in a
/// <see cref="StringBuilder"/>, so a cell that writes a lot costs time in proportion to what it writes, and a cell keeps
/// at most <see cref="MaxStreamText"/> characters of it, with a note saying how much more was written, as Jupyter front
/// ends cap what they keep. (The kernel itself keeps nothing: this is the front end's part.)
/// </remarks>
internal sealed class OutputRecorder
{
    /// <summary>The most console text one cell keeps (1 MiB of characters).</summary>
    public const int MaxStreamText = 1 << 20;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (List<Output> Cell, Output Output)> _displays = new(StringComparer.Ordinal);
    private List<Output>? _cell;
    private KernelCommand? _command;
    private long _streamText;
    private long _droppedText;

    /// <summary>Records the events of <paramref name="command"/> into <paramref name="outputs"/> until the result is disposed.</summary>
    public IDisposable Record(KernelCommand command, List<Output> outputs)
    {
        lock (_gate)
        {
            (_cell, _command, _streamText, _droppedText) = (outputs, command, 0, 0);
        }

        return new Stop(this);
    }

    /// <summary>Takes one kernel event.</summary>
    public void On(KernelEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        lock (_gate)
        {
            switch (e)
            {
                case DisplayedValueUpdated update when update.ValueId is { } id && _displays.TryGetValue(id, out var shown):
                    if (ReferenceEquals(shown.Cell, _cell))
                    {
                        shown.Output.Element = Display(update);
                    }

                    break;
                case StandardOutputValueProduced or StandardErrorValueProduced when _cell is not null:
                    var name = e is StandardOutputValueProduced ? "stdout" : "stderr";
                    var text = Kept(string.Concat(((DisplayEvent)e).FormattedValues.Select(v => v.Value)));
                    if (text.Length == 0)
                    {
                        break;
                    }

                    if (_cell.Count > 0 && _cell[^1].Stream == name)
                    {
                        _cell[^1].Text!.Append(text);
                    }
                    else
                    {
                        _cell.Add(new Output { Stream = name, Text = new StringBuilder(text) });
                    }

                    break;
                case ReturnValueProduced { Value: DisplayedValue }:
                    break;
                case DisplayEvent display when _cell is not null:
                    var output = new Output { Element = Display(display) };
                    _cell.Add(output);
                    if (display.ValueId is { } valueId)
                    {
                        _displays[valueId] = (_cell, output);
                    }

                    break;
                case ErrorProduced error when _cell is not null:
                    _cell.Add(Error(error.Message));
                    break;
                case CommandFailed failed when _cell is not null && ReferenceEquals(failed.Command, _command):
                    _cell.Add(Error(failed.Message));
                    break;
            }
        }
    }

    /// <summary>The part of a cell's console text that fits under <see cref="MaxStreamText"/>; the rest is counted.</summary>
    private string Kept(string text)
    {
        var room = (int)Math.Max(0, MaxStreamText - _streamText);
        if (text.Length > room)
        {
            _droppedText += text.Length - room;
            text = text[..room];
        }

        _streamText += text.Length;
        return text;
    }

    /// <summary>Adds an error of the runner's own (a timeout) to the cell being recorded.</summary>
    public void AddError(List<Output> outputs, string message)
    {
        lock (_gate)
        {
            outputs.Add(Error(message));
        }
    }

    /// <summary>The outputs as document elements.</summary>
    public IEnumerable<InteractiveDocumentOutputElement> Elements(List<Output> outputs)
    {
        lock (_gate)
        {
            return [.. outputs.Select(o => o.Element ?? new TextElement(o.Text!.ToString(), o.Stream))];
        }
    }

    private static DisplayElement Display(DisplayEvent display) =>
        new(display.FormattedValues.ToDictionary(v => v.MimeType, v => (object)v.Value));

    private static Output Error(string message) =>
        new() { Element = new ErrorElement(message, "Error", message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')) };

    /// <summary>One output of a cell: a finished element, or a stream still being written.</summary>
    internal sealed class Output
    {
        public InteractiveDocumentOutputElement? Element { get; set; }

        public string? Stream { get; init; }

        public StringBuilder? Text { get; init; }
    }

    private sealed class Stop(OutputRecorder recorder) : IDisposable
    {
        public void Dispose()
        {
            lock (recorder._gate)
            {
                if (recorder._droppedText > 0 && recorder._cell?.LastOrDefault(o => o.Stream is not null) is { } last)
                {
                    last.Text!.Append(string.Create(CultureInfo.InvariantCulture,
                        $"\n[output truncated: the cell wrote {recorder._droppedText:N0} more characters; the executed copy keeps the first {MaxStreamText:N0}]\n"));
                }

                (recorder._cell, recorder._command) = (null, null);
            }
        }
    }
}
