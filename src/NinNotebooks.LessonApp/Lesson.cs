using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace NinNotebooks.Lessons;

/// <summary>
/// A lesson exported from a notebook as a file-based app (<c>nin notebooks export --to cs</c>), at run time: reads the
/// app's command line (<c>--param name=value</c> or <c>name=value</c>, <c>--page PATH</c>, <c>--no-page</c>) and writes
/// the lesson as one offline HTML page while it runs: the notebook's markdown, its code and every output (text, HTML,
/// tables, Plotly charts with plotly.js inline; an updated display keeps only its last value), in the HTML book's look.
/// The page is rewritten atomically before each code cell and at the end, and when a cell fails (the failure on the
/// page, exit code 1); a file at the page's place that no lesson app wrote is never replaced.
/// </summary>
public static class Lesson
{
    private static readonly object Gate = new();
    private static readonly Dictionary<int, List<Output>> Outputs = [];
    private static readonly Dictionary<string, (string Text, object Value)> Given = new(StringComparer.Ordinal);
    private static readonly Stopwatch Clock = new();
    private static LessonCell[] _cells = [];
    private static string _title = "";
    private static string _app = "";
    private static string? _page;
    private static int _current = -1;
    private static string? _failure;
    private static bool _finished;
    private static bool _warned;
    private static string? _plotly;

    /// <summary>The console's output as it was before the lesson began copying what is printed onto its page.</summary>
    public static TextWriter Out { get; private set; } = Console.Out;

    /// <summary>The page being written, or null (<c>--no-page</c>, or not started).</summary>
    public static string? PagePath => _page;

    /// <summary>
    /// Reads the command line and starts the page; on a bad command line prints one line and ends the program (exit
    /// code 2) before any cell runs.
    /// </summary>
    /// <param name="args">The program's arguments.</param>
    /// <param name="title">The lesson's title.</param>
    /// <param name="cells">The notebook's cells, in order.</param>
    /// <param name="parameters">The variables of the notebook's parameters cell with the types of their defaults (object: any).</param>
    public static void Start(string[] args, string title, LessonCell[] cells, params (string Name, Type Type)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(parameters);
        _title = title ?? "";
        _cells = cells;
        var entry = AppContext.GetData("EntryPointFilePath") as string;
        _app = entry is null ? "lesson" : Path.GetFileName(entry);
        try
        {
            ReadCommandLine(args, entry, parameters);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Environment.Exit(2);
        }

        AppDomain.CurrentDomain.UnhandledException += (_, e) => Failed(e.ExceptionObject as Exception);
        if (_page is null)
        {
            return;
        }

        Console.SetOut(new CapturingWriter(Out));
        Console.SetError(new CapturingWriter(Console.Error));
        Clock.Start();
        Out.WriteLine($"Lesson page: {_page}");
        WritePage();
    }

    /// <summary>The code cell at <paramref name="index"/> (among all of the notebook's cells) starts: the page is rewritten with what ran before it.</summary>
    public static void Cell(int index)
    {
        lock (Gate)
        {
            _current = index;
        }

        WritePage();
    }

    /// <summary>The value given on the command line for the parameter <paramref name="name"/>, else <paramref name="current"/>.</summary>
    public static T Parameter<T>(string name, T current)
    {
        if (!Given.TryGetValue(name, out var given))
        {
            return current;
        }

        if (ParameterValue.ConvertTo(typeof(T), given.Value, given.Text) is not T value)
        {
            Console.Error.WriteLine($"error: --param {name}={given.Text}: the lesson's {name} is {ParameterValue.TypeName(typeof(T))} (its default in the parameters cell), and {given.Text} is not one.");
            Environment.Exit(2);
            return current;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} = {value} (from the command line)"));
        return value;
    }

    /// <summary>Every cell ran: writes the finished page and prints its path.</summary>
    public static void End()
    {
        lock (Gate)
        {
            _finished = true;
        }

        if (_page is null)
        {
            return;
        }

        if (!WritePage())
        {
            Environment.Exit(1);
        }

        Out.WriteLine($"Lesson page: {_page}");
    }

    /// <summary>Records a displayed value on the page (its id lets an update replace it).</summary>
    internal static void Displayed(string id, Func<string> html)
    {
        if (_page is null)
        {
            return;
        }

        var rendered = html();
        lock (Gate)
        {
            CurrentOutputs().Add(new Output(id, rendered));
        }
    }

    /// <summary>Replaces a displayed value on the page: only the last value of a display is kept.</summary>
    internal static void Updated(string id, Func<string> html)
    {
        if (_page is null)
        {
            return;
        }

        var rendered = html();
        lock (Gate)
        {
            var shown = Outputs.Values.SelectMany(o => o).FirstOrDefault(o => o.Id == id);
            if (shown is null)
            {
                CurrentOutputs().Add(new Output(id, rendered));
            }
            else
            {
                shown.Html = rendered;
            }
        }
    }

    private static void Printed(string text)
    {
        lock (Gate)
        {
            var outputs = CurrentOutputs();
            if (outputs.Count == 0 || outputs[^1].Printed is null)
            {
                outputs.Add(new Output(null, "") { Printed = new StringBuilder() });
            }

            outputs[^1].Printed!.Append(text);
        }
    }

    private static List<Output> CurrentOutputs()
    {
        var cell = Math.Max(_current, 0);
        if (!Outputs.TryGetValue(cell, out var outputs))
        {
            Outputs[cell] = outputs = [];
        }

        return outputs;
    }

    private static void ReadCommandLine(string[] args, string? entry, (string Name, Type Type)[] parameters)
    {
        var page = new Option<string?>("--page") { Description = "Where to write the lesson's page (default: the app's name with .html, next to the app)." };
        var noPage = new Option<bool>("--no-page") { Description = "Write no page; the console shows the lesson as text." };
        var param = new Option<string[]>("--param") { Description = "name=value for a variable of the notebook's parameters cell (int, long, double, bool or string, as nin notebooks run --param); repeatable.", AllowMultipleArgumentsPerToken = false };
        var assignments = new Argument<string[]>("name=value") { Description = "Parameters, as with --param.", Arity = ArgumentArity.ZeroOrMore };
        var root = new RootCommand($"{_title}: runs the lesson and writes it, with every output, as one HTML page.") { page, noPage, param, assignments };
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            throw new ArgumentException(result.Errors[0].Message);
        }

        if (result.Action is not null)
        {
            // --help (or another option that answers and ends).
            Environment.Exit(result.Invoke());
        }

        var declared = parameters.ToDictionary(p => p.Name, p => p.Type, StringComparer.Ordinal);
        foreach (var assignment in (result.GetValue(param) ?? []).Concat(result.GetValue(assignments) ?? []))
        {
            if (ParameterValue.Split(assignment) is not var (name, text))
            {
                throw new ArgumentException($"--param: expected name=value, got '{assignment}'.");
            }

            if (!declared.TryGetValue(name, out var type))
            {
                throw new ArgumentException(declared.Count == 0
                    ? $"--param {name}: this lesson has no parameters."
                    : $"--param {name}: not a parameter of this lesson; its parameters are {string.Join(", ", parameters.Select(p => p.Name))}.");
            }

            var value = ParameterValue.Parse(name, text);
            if (ParameterValue.ConvertTo(type, value, text) is not { } typed)
            {
                throw new ArgumentException($"--param {name}={text}: the lesson's {name} is {ParameterValue.TypeName(type)} (its default in the parameters cell), and {text} is not one.");
            }

            Given[name] = (text, typed);
        }

        var given = result.GetValue(page);
        if (result.GetValue(noPage))
        {
            _page = given is null ? null : throw new ArgumentException("--page and --no-page: give one or the other.");
            return;
        }

        _page = given is { Length: > 0 } ? Path.GetFullPath(given)
            : entry is not null ? Path.ChangeExtension(entry, ".html")
            : throw new ArgumentException("--page: give the page's place (the program was not started as a file-based app, so there is no app to put it beside).");
        LessonPage.CheckReplaceable(_page);
    }

    private static void Failed(Exception? error)
    {
        lock (Gate)
        {
            CurrentOutputs().Add(new Output(null, LessonPage.Error(error?.ToString() ?? "an unknown failure")));
            _failure = $"Stopped: cell {Math.Max(_current, 0) + 1} failed (the error is above).";
        }

        WritePage();
        Out.Flush();
        var stderr = Console.Error;
        stderr.WriteLine(error?.ToString());
        stderr.WriteLine(_page is null
            ? $"error: the lesson stopped at cell {Math.Max(_current, 0) + 1}."
            : $"error: the lesson stopped at cell {Math.Max(_current, 0) + 1}; the page shows what ran: {_page}");
        stderr.Flush();
        Environment.Exit(1);
    }

    /// <summary>Rewrites the page; false (after one warning) when it cannot be written.</summary>
    private static bool WritePage()
    {
        if (_page is null)
        {
            return true;
        }

        try
        {
            string html;
            lock (Gate)
            {
                html = PageHtml();
            }

            LessonPage.Write(_page, html);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            if (!_warned)
            {
                _warned = true;
                Out.WriteLine($"warning: the lesson's page could not be written: {e.Message}");
            }

            return false;
        }
    }

    private static string PageHtml()
    {
        var last = _finished ? _cells.Length - 1 : _current;
        var body = new StringBuilder("<main>\n");
        var charts = false;
        for (var i = 0; i < _cells.Length && i <= last; i++)
        {
            var cell = _cells[i];
            if (!cell.IsCode)
            {
                body.Append(LessonPage.Markdown(cell.Text));
                continue;
            }

            var outputs = Outputs.TryGetValue(i, out var o) ? o.Select(x => x.Printed is { } printed ? LessonPage.Text(printed.ToString()) : x.Html).ToList() : [];
            charts |= outputs.Any(PlotlyScript.DrawsChart);
            body.Append(LessonPage.Code(cell.Text)).Append(LessonPage.Outputs(outputs));
        }

        var status = _failure ?? (_finished
            ? string.Create(CultureInfo.InvariantCulture, $"Ran every cell in {Clock.Elapsed.TotalSeconds:0} s.")
            : $"Running cell {_current + 1} of {_cells.Length}…");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"status\">{LessonPage.Encode(status)}</p>\n</main>\n");
        var head = LessonPage.InlineStyle(LessonPage.Stylesheet);
        if (charts && PlotlyJs() is { } plotly)
        {
            head += $"\n<script type=\"text/javascript\">{plotly}</script>";
        }

        var top = $"<nav class=\"top\"><span>NinNotebooks</span><span>{LessonPage.Encode(_app)}</span></nav>\n";
        return LessonPage.Document(_title, head, top + body);
    }

    private static string? PlotlyJs()
    {
        if (_plotly is null && AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Plotly.NET") is { } plotlyNet)
        {
            _plotly = PlotlyScript.FromPlotlyNet(plotlyNet);
        }

        return _plotly;
    }

    /// <summary>One output on the page: HTML, or printed text (consecutive prints join).</summary>
    private sealed class Output(string? id, string html)
    {
        public string? Id { get; } = id;

        public string Html { get; set; } = html;

        public StringBuilder? Printed { get; init; }
    }

    /// <summary>The console, with what is printed also going onto the page.</summary>
    private sealed class CapturingWriter(TextWriter console) : TextWriter
    {
        public override Encoding Encoding => console.Encoding;

        public override void Write(char value)
        {
            console.Write(value);
            Printed(value.ToString());
        }

        public override void Write(string? value)
        {
            console.Write(value);
            Printed(value ?? "");
        }

        public override void Write(char[] buffer, int index, int count)
        {
            console.Write(buffer, index, count);
            Printed(new string(buffer, index, count));
        }

        public override void Flush() => console.Flush();
    }
}
