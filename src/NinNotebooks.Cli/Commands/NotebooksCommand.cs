using System.CommandLine;
using System.Diagnostics;
using NinNotebooks.Platform;

namespace NinNotebooks.Cli.Commands;

/// <summary>
/// <c>nin notebooks ...</c>: runs the notebook runner, <c>nin-notebooks</c>, which this program carries in its own folder
/// (<c>notebook-runner/</c>) because it hosts the .NET Interactive kernel with the kernel's own dependencies. Every
/// argument after <c>notebooks</c> goes to it unchanged, and its output and exit code are this command's.
/// </summary>
internal static class NotebooksCommand
{
    /// <summary>The command as <c>nin --help</c> lists it; <see cref="NinApp.Run"/> hands its arguments to <see cref="Forward"/>.</summary>
    public static Command Create() =>
        new("notebooks", "Run notebooks in the .NET Interactive kernel and export them (nin notebooks run|export --help).");

    /// <summary>The notebook runner's program, beside this assembly.</summary>
    public static string Runner =>
        Path.Combine(AppContext.BaseDirectory, "notebook-runner", OperatingSystem.IsWindows() ? "nin-notebooks.exe" : "nin-notebooks");

    /// <summary>Runs the notebook runner with <paramref name="arguments"/>, copying its output line by line.</summary>
    public static int Forward(IEnumerable<string> arguments, TextWriter output, TextWriter error)
    {
        if (!File.Exists(Runner))
        {
            error.WriteLine($"error: the notebook runner is missing ({Runner}); build the command again (./nin or dotnet build).");
            return NinApp.Failure;
        }

        var start = new ProcessStartInfo(Runner);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return ChildProgram.Run(start, output.WriteLine, error.WriteLine);
    }
}
