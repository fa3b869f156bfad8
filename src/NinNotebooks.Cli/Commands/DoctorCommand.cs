using System.CommandLine;
using NinNotebooks.Setup;

namespace NinNotebooks.Cli.Commands;

/// <summary><c>nin doctor</c>: can TorchSharp run here, and if not, why.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor",
            "Check that TorchSharp works on this machine: versions, native library locations, the libstdc++ compatibility step, CUDA, threads, convolutions checked against float64, a smoke test.");
        command.SetAction(parse =>
        {
            var report = DoctorReport.Collect();
            parse.InvocationConfiguration.Output.WriteLine(report);
            return report.Healthy ? NinApp.Success : NinApp.Failure;
        });
        return command;
    }
}
