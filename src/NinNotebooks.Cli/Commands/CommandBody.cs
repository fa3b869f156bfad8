using System.CommandLine;
using System.Runtime.InteropServices;
using NinNotebooks.Progress;
using NinNotebooks.Setup;
using NinNotebooks.Platform;

namespace NinNotebooks.Cli.Commands;

/// <summary>
/// What the commands' bodies share: TorchSharp started first, expected failures turned into a clear message and exit
/// code 1 (libtorch's own errors included: their first line, without the native stack trace), and a progress bar.
/// </summary>
internal static class CommandBody
{
    /// <summary>A progress bar on the command's error output, redrawn in place only when that is a terminal.</summary>
    public static ConsoleProgressBar ProgressBar(ParseResult parse)
    {
        var error = parse.InvocationConfiguration.Error;
        return new ConsoleProgressBar(error, redraw: ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);
    }

    /// <summary>Starts TorchSharp, runs <paramref name="body"/> with the command's output, and returns the exit code.</summary>
    public static int WithTorch(ParseResult parse, Action<TextWriter> body)
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
