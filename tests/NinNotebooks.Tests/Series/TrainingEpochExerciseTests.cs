using Microsoft.DotNet.Interactive.Documents;
using NinNotebooks.Notebooks;
using NinNotebooks.Tests.Notebooks;
using Xunit;

namespace NinNotebooks.Tests.Series;

/// <summary>
/// Notebook 5's exercise, one training epoch written by the student: its untouched skeleton is "not yet" the trainer's
/// epoch (run verbatim, but for the library's path and smoke parameters, in the real notebook kernel), and the worked
/// solution in notebooks/solutions/ shares the lesson's cells (ExerciseTests runs it and sees "correct").
/// </summary>
[Trait(TestCategory.Name, TestCategory.Integration)]
public class TrainingEpochExerciseTests
{
    private const string Notebook = "05-training-nin.ipynb";
    private const string Smoke = "dataset = \"synthetic\";\nsubset = 300;\ndevice = \"cpu\";";

    private static InteractiveDocument Solution => NotebookDocument.Load(Path.Combine(SeriesNotebooks.Folder, "solutions", Notebook));

    /// <summary>The code cell of <paramref name="notebook"/> that contains <paramref name="text"/> (exactly one must).</summary>
    private static string Cell(InteractiveDocument notebook, string text) =>
        Assert.Single(notebook.Elements, c => !c.IsMarkdown() && c.Contents.Contains(text, StringComparison.Ordinal)).Contents;

    [Fact]
    public void TheSkeleton_IsNotYetTheTrainersEpoch_InTheKernel()
    {
        using var dir = new TemporaryDirectory();
        var library = NotebookRunnerTests.CopyLibrary(dir);
        var notebook = SeriesNotebooks.Load(Notebook);
        string[] cells =
        [
            Cell(notebook, "TorchRuntime.Initialize()").Replace("../artifacts/bin/NinNotebooks/release/NinNotebooks.dll", library, StringComparison.Ordinal),
            Cell(notebook, "// Parameters:"),
            Smoke,
            Cell(notebook, "using NinNotebooks.Exercises;"),
            Cell(notebook, "SeriesSetup.Load("),
            Cell(notebook, "var exercise = setup.Training()"),
            Cell(notebook, "var yourRun = exerciseTrainer();"),
            Cell(notebook, "ExerciseCheck.Numbers("),
        ];
        Assert.Contains($"#r \"{library}\"", cells[0], StringComparison.Ordinal);

        var shown = Run(dir, cells);

        Assert.Matches(@"^4 batches of 32 images, float32, channels-first; the trainer's losses: (\d\.\d{4}  ){3}\d\.\d{4}$", shown[5]);
        Assert.StartsWith("not yet: one training epoch: the 1st batch loss: yours 0, the library's ", shown[7], StringComparison.Ordinal);
    }

    /// <summary>The solution repeats notebook 5's setup, exercise and check cells word for word, so it answers the same exercise.</summary>
    [Fact]
    public void TheSolution_SharesNotebook5sCells_AndOnlyFillsInTheLoop()
    {
        var notebook = SeriesNotebooks.Load(Notebook);
        foreach (var shared in new[] { "using NinNotebooks.Exercises;", "var exercise = setup.Training()", "ExerciseCheck.Numbers(" })
        {
            Assert.Equal(Cell(notebook, shared), Cell(Solution, shared));
        }

        var skeleton = Cell(notebook, "var yourRun = exerciseTrainer();").Split('\n');
        var solution = Cell(Solution, "var yourRun = exerciseTrainer();").Split('\n');
        Assert.Equal(skeleton[..8].Select(Code), solution[..8].Select(Code));
        Assert.Contains("    yours.Add(0);", skeleton);
        Assert.Contains("    yours.Add(loss.item<float>());", solution);
        Assert.Contains(Solution.Elements, c => c.IsMarkdown() && c.Contents.StartsWith("# Worked solutions: 5. Training NiN", StringComparison.Ordinal));
        Assert.Contains("`solutions/05-training-nin.ipynb`", SeriesNotebooks.Markdown(Notebook), StringComparison.Ordinal);

        static string Code(string line) => line.Split("//")[0].TrimEnd();
    }

    /// <summary>Runs <paramref name="cells"/> in the kernel and returns each code cell's output as text (one output each, or "").</summary>
    private static List<string> Run(TemporaryDirectory dir, IReadOnlyList<string> cells)
    {
        var path = NotebookFixtures.Write(dir, "exercise.ipynb", cells);
        var (result, executed) = NotebookFixtures.Run(dir, path);
        Assert.True(result.Succeeded, result.Failure);
        return [.. executed.Code().Select(c => c.Outputs.Count == 0 ? "" : c.Outputs[^1].Text())];
    }
}
