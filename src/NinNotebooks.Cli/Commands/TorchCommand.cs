using System.CommandLine;
using System.Runtime.InteropServices;
using NinNotebooks.Progress;
using NinNotebooks.Setup;

namespace NinNotebooks.Cli.Commands;

/// <summary>
/// Runs a command body that needs TorchSharp, turning expected failures into a clear message and exit code 1 (libtorch's
/// own errors included: their first line, without the native stack trace).
/// </summary>
internal static class TorchCommand
{
    /// <summary>A progress bar on the command's error output, redrawn in place only when that is a terminal.</summary>
    public static ConsoleProgressBar ProgressBar(ParseResult parse)
    {
        var error = parse.InvocationConfiguration.Error;
        return new ConsoleProgressBar(error, redraw: ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);
    }

    public static int Run(ParseResult parse, Action<TextWriter> body)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            TorchRuntime.Initialize();
            body(parse.InvocationConfiguration.Output);
            return NinApp.Success;
        }
        catch (OperationCanceledException e)
        {
            error.WriteLine(e.Message);
            return NinApp.Stopped;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or InvalidDataException or UnauthorizedAccessException or ExternalException)
        {
            error.WriteLine($"error: {ErrorText.Of(e)}");
            return NinApp.Failure;
        }
    }
}
