using System.CommandLine;
using NinNotebooks.Cli.Commands;

namespace NinNotebooks.Cli;

/// <summary>The <c>nin</c> command: its subcommands, and one entry point that tests can call in-process.</summary>
internal static class NinApp
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for bad input or a failed check; the error output says which.</summary>
    public const int Failure = 1;

    /// <summary>Exit code for a command stopped by Ctrl+C (SIGINT) or SIGTERM that ended cleanly, as shells report SIGINT.</summary>
    public const int Stopped = 130;

    /// <summary>Parses <paramref name="args"/>, runs the command, and returns its exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is ["notebooks", .. var rest])
        {
            return NotebooksCommand.Forward(rest, output, error);
        }

        var root = new RootCommand("nin: the NinNotebooks command. Network in Network, 1x1 convolutions and global average pooling in .NET.")
        {
            DoctorCommand.Create(),
            ModelsCommand.Create(),
            SummaryCommand.Create(),
            DataCommand.Create(),
            TrainCommand.Create(),
            NotebooksCommand.Create(),
            BenchCommand.Create(),
        };
        // Ctrl+C or SIGTERM cancels the command's token; nin train then stops after the batch it is on, which on a CPU can
        // take seconds, and says where it stopped. (The default, 2 s, would end the process before that.)
        // No response files: an argument that starts with @ is a value (a file named @x), as users of a C# program expect.
        return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).Invoke(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromMinutes(1) });
    }
}
