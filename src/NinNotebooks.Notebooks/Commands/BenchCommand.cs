using System.CommandLine;

namespace NinNotebooks.Notebooks.Commands;

/// <summary>The measuring side of <c>nin bench notebooks</c>: prints the figures as one JSON line.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var cells = new Option<int>("--cells") { DefaultValueFactory = _ => 50 };
        var bench = new Command("bench", "Time the kernel host on trivial cells (used by `nin bench notebooks`).") { cells };
        bench.Hidden = true;
        bench.SetAction(parse => parse.InvocationConfiguration.Output.WriteLine(KernelBench.Run(parse.GetValue(cells))));
        return bench;
    }
}
