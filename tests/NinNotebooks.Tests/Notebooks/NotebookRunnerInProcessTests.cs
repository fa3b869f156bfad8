using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

/// <summary>
/// The runner's own logic (which cells run, what a failure or a timeout stops, what the executed copy holds), in this
/// process with a scripted kernel instead of C#: no compiler, no child process. The C# kernel itself is tested in
/// <see cref="NotebookRunnerTests"/>.
/// </summary>
public class NotebookRunnerInProcessTests
{
    [Fact]
    public void AFailingCell_StopsTheRest_AndTheCopyHoldsEachCellsOutputs()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "nb.ipynb", ["print one", "fail boom", "print three"]);
        var kernel = new ScriptedKernel();
        var started = new List<(int, string)>();

        var runner = new NotebookRunner(new NotebookRunOptions { OutputDirectory = dir.File("out") }, kernel.InComposite) { CellStarting = (n, line) => started.Add((n, line)) };
        var run = runner.Run(path);

        Assert.Equal([CellStatus.Passed, CellStatus.Failed, CellStatus.Skipped], run.Cells.Select(c => c.Status));
        Assert.Equal("boom", run.Cells[1].Message);
        Assert.Equal(["print one", "fail boom"], kernel.Submitted);
        Assert.Equal([(1, "print one"), (2, "fail boom")], started);
        var copy = NotebookDocument.Load(run.ExecutedCopy!).Code().ToList();
        Assert.Equal([1, 2, 0], copy.Select(c => c.ExecutionOrder));
        Assert.Equal("one", Assert.Single(copy[0].Outputs).Text());
        Assert.Equal("boom", Assert.IsType<ErrorElement>(Assert.Single(copy[1].Outputs)).ErrorValue);
        Assert.Empty(copy[2].Outputs);
        Assert.True(kernel.Disposed);
    }

    [Fact]
    public void ContinueOnError_RunsEveryCell()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "nb.ipynb", ["fail first", "print two"]);
        var kernel = new ScriptedKernel();

        var run = new NotebookRunner(new NotebookRunOptions { OutputDirectory = dir.File("out"), ContinueOnError = true }, kernel.InComposite).Run(path);

        Assert.Equal([CellStatus.Failed, CellStatus.Passed], run.Cells.Select(c => c.Status));
        Assert.Equal(["fail first", "print two"], kernel.Submitted);
    }

    [Fact]
    public void ACellPastItsTimeout_IsCancelled_TheRestSkipped_AndTheKernelLeftToTheProcess()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "nb.ipynb", ["print one", "wait", "print three"]);
        var kernel = new ScriptedKernel();
        var runner = new NotebookRunner(new NotebookRunOptions { OutputDirectory = dir.File("out"), CellTimeout = TimeSpan.FromSeconds(2) }, kernel.InComposite);

        var run = runner.Run(path);

        Assert.Equal([CellStatus.Passed, CellStatus.TimedOut, CellStatus.Skipped], run.Cells.Select(c => c.Status));
        Assert.Equal("The cell did not finish within 2 s; the rest of the notebook was not run.", run.Cells[1].Message);
        Assert.True(runner.Abandoned);
        Assert.True(kernel.Cancelled);
        Assert.False(kernel.Disposed);   // disposing a kernel under a cell that may still run could wait for it
        var copy = NotebookDocument.Load(run.ExecutedCopy!).Code().ToList();
        Assert.Equal(["Command cancelled.", run.Cells[1].Message], copy[1].Outputs.Select(o => Assert.IsType<ErrorElement>(o).ErrorValue));   // as in the C# kernel
    }

    [Fact]
    public void Parameters_AreSubmittedAsACellAfterTheParametersCell()
    {
        using var dir = new TemporaryDirectory();
        var path = NotebookFixtures.Write(dir, "nb.ipynb", ["var count = 1;", "print two"], firstIsParameters: true);
        var kernel = new ScriptedKernel();

        var run = new NotebookRunner(new NotebookRunOptions { OutputDirectory = dir.File("out"), Parameters = [NotebookParameters.Parse("count=5")] }, kernel.InComposite).Run(path);

        Assert.True(run.Succeeded, run.Failure);
        Assert.Equal(["var count = 1;", "// Parameters injected by nin notebooks run\nvar count = 5;", "print two"], kernel.Submitted);
    }

    /// <summary>
    /// A kernel named as the runner's C# kernel whose cells are a tiny script: <c>print TEXT</c> writes TEXT to standard
    /// output, <c>fail MESSAGE</c> fails the cell, <c>wait</c> runs until the kernel cancels it; anything else succeeds silently.
    /// </summary>
    private sealed class ScriptedKernel() : Kernel(NotebookKernel.CSharp), IKernelCommandHandler<SubmitCode>
    {
        public List<string> Submitted { get; } = [];

        public bool Cancelled { get; private set; }

        public bool Disposed { get; private set; }

        public CompositeKernel InComposite()
        {
            var composite = new CompositeKernel { this };
            composite.DefaultKernelName = Name;
            composite.RegisterForDisposal(() => Disposed = true);
            return composite;
        }

        public async Task HandleAsync(SubmitCode command, KernelInvocationContext context)
        {
            Submitted.Add(command.Code);
            var (verb, rest) = command.Code.Split(' ', 2) is [var v, var r] ? (v, r) : (command.Code, "");
            switch (verb)
            {
                case "print":
                    context.Publish(new StandardOutputValueProduced(command, [new FormattedValue("text/plain", rest)]));
                    break;
                case "fail":
                    context.Fail(command, message: rest);
                    break;
                case "wait":
                    using (context.CancellationToken.Register(() => Cancelled = true))
                    {
                        await Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                    }

                    break;
            }
        }
    }
}
