using System.CommandLine;
using NinNotebooks.Setup;

namespace NinNotebooks.Cli.Commands;

/// <summary>Runs a command body that needs TorchSharp, turning expected failures into a clear message and exit code 1.</summary>
internal static class TorchCommand
{
    public static int Run(ParseResult parse, Action<TextWriter> body)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            TorchRuntime.Initialize();
            body(parse.InvocationConfiguration.Output);
            return NinApp.Success;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            error.WriteLine($"error: {ErrorText.Of(e)}");
            return NinApp.Failure;
        }
    }
}
