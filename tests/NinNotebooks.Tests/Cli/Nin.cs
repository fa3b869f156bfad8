using NinNotebooks.Cli;

namespace NinNotebooks.Tests.Cli;

/// <summary>Runs the <c>nin</c> command in-process with captured output.</summary>
internal static class Nin
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.TrimEnd().Split('\n');
    }

    public static Result Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = NinApp.Run(args, output, error);
        return new Result(exit, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString());
    }
}
