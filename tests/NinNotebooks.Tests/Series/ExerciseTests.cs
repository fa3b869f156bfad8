using NinNotebooks.Notebooks;
using NinNotebooks.Tests.Notebooks;
using Xunit;

namespace NinNotebooks.Tests.Series;

/// <summary>
/// The "Build it yourself" exercises. Each lesson's skeleton, run verbatim in the real notebook kernel with its check
/// cell, says "not yet" and names what still differs; each worked solution in notebooks/solutions/, run as a student
/// opens it, says "correct" at every check, and its checks are the lesson's own lines.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Integration)]
public class ExerciseTests
{
    private const string Library = "../artifacts/bin/NinNotebooks/release/NinNotebooks.dll";

    public static IEnumerable<object[]> Solutions =>
        Directory.GetFiles(SolutionsFolder, "*.ipynb").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    private static string SolutionsFolder => Path.Combine(SeriesNotebooks.Folder, "solutions");

    /// <summary>The notebook's code cell that contains <paramref name="text"/> (exactly one must).</summary>
    private static string Cell(string notebook, string text) =>
        Assert.Single(SeriesNotebooks.Load(notebook).Elements, c => !c.IsMarkdown() && c.Contents.Contains(text, StringComparison.Ordinal)).Contents;

    /// <summary>
    /// Runs a lesson's cells as one notebook in the real kernel, in the test's own folder with a copy of the library:
    /// <paramref name="setup"/> is the lesson's setup cell, pointed at that copy. Returns each code cell's last output.
    /// </summary>
    private static List<string> LastOutputs(string name, string setup, params string[] cells)
    {
        using var dir = new TemporaryDirectory();
        var pointed = setup.Replace(Library, NotebookRunnerTests.CopyLibrary(dir), StringComparison.Ordinal);
        Assert.Contains("#r \"lib/NinNotebooks.dll\"", pointed, StringComparison.Ordinal);

        var (result, executed) = NotebookFixtures.Run(dir, NotebookFixtures.Write(dir, name, [pointed, .. cells]));

        Assert.True(result.Succeeded, result.Failure);
        return [.. executed.Code().Select(c => c.Outputs.LastOrDefault()?.Text() ?? "")];
    }

    [Fact]
    public void Skeletons_SayNotYet_AndNameWhatStillDiffers()
    {
        const string first = "01-mlpconv.ipynb";
        var outputs = LastOutputs("skeletons.ipynb",
            Cell(first, "TorchRuntime.Initialize()"),
            "var device = \"cpu\";",
            Cell(first, "using NinNotebooks.Analysis;"),
            Cell(first, "var block = new MlpConv(3, [192, 160, 96]"),
            Cell(first, "var mine = nn.Sequential("),
            Cell(first, "ExerciseCheck.Block(\"the mlpconv block\""),
            Cell(first, "var nin = new NiN(NinConfig.Cifar10);"),
            Cell(first, "Tensor MyForward(NiN net, Tensor input)"),
            Cell(first, "ExerciseCheck.Model(\"NiN's forward pass\""),
            Cell("03-global-average-pooling.ipynb", "ExerciseCheck.Function(\"the GAP head\""),
            Cell("04-inception-bottlenecks.ipynb", "var inception = spec.Create();"),
            Cell("04-inception-bottlenecks.ipynb", "class MyInception"),
            Cell("04-inception-bottlenecks.ipynb", "ExerciseCheck.Block(\"inception (3a)\""),
            Cell("07-what-nin-learns.ipynb", "Tensor MyUnpool("),
            Cell("07-what-nin-learns.ipynb", "ExerciseCheck.Function(\"switch unpooling\""));

        Assert.Equal("not yet: the mlpconv block: yours has 1 layer with weights, the library's 3: the library's 2nd is a 1×1 convolution from 192 to 160 channels", outputs[5]);
        Assert.Equal("not yet: NiN's forward pass: yours returns [2, 96, 32, 32], the library's [2, 10]", outputs[8]);
        Assert.StartsWith("not yet: the GAP head: the shape is right ([2, 10]) but values differ by up to ", outputs[9], StringComparison.Ordinal);
        Assert.Equal("not yet: inception (3a): yours has 3 layers with weights, the library's 6: the library's 4th is a 1×1 convolution from 192 to 16 channels", outputs[12]);
        Assert.StartsWith("not yet: switch unpooling: the shape is right ([1, 2, 9, 9]) but values differ by up to ", outputs[14], StringComparison.Ordinal);
    }

    /// <summary>Notebook 6's epoch, written by the student: the untouched skeleton is "not yet" the trainer's epoch.</summary>
    [Fact]
    public void Notebook6sEpochSkeleton_IsNotYetTheTrainersEpoch()
    {
        const string training = "06-training-nin.ipynb";
        var outputs = LastOutputs("epoch.ipynb",
            Cell(training, "TorchRuntime.Initialize()"),
            Cell(training, "// Parameters:"),
            "dataset = \"synthetic\";\nsubset = 300;\ndevice = \"cpu\";",
            Cell(training, "using NinNotebooks.Exercises;"),
            Cell(training, "NotebookSetup.Load("),
            Cell(training, "var exercise = setup.Training()"),
            Cell(training, "var yourRun = exerciseTrainer();"),
            Cell(training, "ExerciseCheck.Numbers("));

        Assert.Matches(@"^4 batches of 32 images, float32, channels-first; the trainer's losses: (\d\.\d{4}  ){3}\d\.\d{4}$", outputs[5]);
        Assert.StartsWith("not yet: one training epoch: the 1st batch loss: yours 0, the library's ", outputs[7], StringComparison.Ordinal);
    }

    /// <summary>Notebook 6's solution repeats the lesson's setup, exercise and check cells word for word and only fills in the loop.</summary>
    [Fact]
    public void Notebook6sSolution_SharesTheLessonsCells_AndOnlyFillsInTheLoop()
    {
        const string training = "06-training-nin.ipynb";
        var solution = NotebookDocument.Load(Path.Combine(SolutionsFolder, training));
        string SolutionCell(string text) => Assert.Single(solution.Elements, c => !c.IsMarkdown() && c.Contents.Contains(text, StringComparison.Ordinal)).Contents;
        foreach (var shared in new[] { "using NinNotebooks.Exercises;", "var exercise = setup.Training()", "ExerciseCheck.Numbers(" })
        {
            Assert.Equal(Cell(training, shared), SolutionCell(shared));
        }

        var skeleton = Cell(training, "var yourRun = exerciseTrainer();").Split('\n');
        var filledIn = SolutionCell("var yourRun = exerciseTrainer();").Split('\n');
        Assert.Equal(skeleton[..8].Select(Code), filledIn[..8].Select(Code));
        Assert.Contains("    yours.Add(0);", skeleton);
        Assert.Contains("    yours.Add(loss.item<float>());", filledIn);
        Assert.Contains("`solutions/06-training-nin.ipynb`", SeriesNotebooks.Markdown(training), StringComparison.Ordinal);

        static string Code(string line) => line.Split("//")[0].TrimEnd();
    }

    /// <summary>Notebook 7 writes occlusion and the pointing game out by hand before using the library: on a trained network both agree.</summary>
    [Fact]
    public void Notebook7sHandWrittenOcclusionAndPointingGame_AgreeWithTheLibrary()
    {
        const string lesson = "07-what-nin-learns.ipynb";
        var outputs = LastOutputs("by-hand.ipynb",
            Cell(lesson, "TorchRuntime.Initialize()"),
            "var dataset = \"synthetic\"; var epochs = 1; var subset = 300; var device = \"cpu\";",
            Cell(lesson, "using NinNotebooks.Analysis;"),
            Cell(lesson, "var trainer = new Trainer("),
            Cell(lesson, "var model = (NiN)trainer.Model;"),
            Cell(lesson, "Tensor OcclusionByHand("),
            Cell(lesson, "ExerciseCheck.Function(\"occlusion by hand\""),
            Cell(lesson, "var truthMaps = ClassMaps.OfTrueClass("),
            Cell(lesson, "double HitRate("),
            Cell(lesson, "ExerciseCheck.Numbers(\"the pointing game by hand\""));

        Assert.StartsWith("correct: occlusion by hand: the same [13, 13] output; ", outputs[6], StringComparison.Ordinal);
        Assert.StartsWith("correct: the pointing game by hand: the hit rate agrees; ", outputs[9], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Solutions))]
    public void Solutions_SayCorrect_AtEveryCheck_WithTheLessonsOwnCheckLines(string name)
    {
        using var dir = new TemporaryDirectory();
        var library = NotebookRunnerTests.CopyLibrary(dir);
        var code = NotebookDocument.Load(Path.Combine(SolutionsFolder, name)).Code().Select(c => c.Contents).ToList();
        Assert.Contains("#r \"../" + Library + "\"", code[0], StringComparison.Ordinal);
        code[0] = code[0].Replace("../" + Library, library, StringComparison.Ordinal);
        // A lesson without "Build it yourself" checks (lesson 2) still has a solutions notebook, for its numbered exercises:
        // it must run clean and, like the lesson, hold no checks.
        var lessonChecks = SeriesNotebooks.Load(name).Code().SelectMany(c => c.Contents.Split('\n')).Where(IsExerciseCheck).ToList();
        Assert.All(lessonChecks, line => Assert.Contains(code, c => c.Split('\n').Contains(line)));

        var (result, executed) = NotebookFixtures.Run(dir, NotebookFixtures.Write(dir, name, code));

        Assert.True(result.Succeeded, result.Failure);
        var checks = executed.Code().Where(c => c.Contents.Split('\n').Any(IsExerciseCheck)).ToList();
        Assert.Equal(lessonChecks.Count, checks.Count);
        Assert.All(checks, c => Assert.StartsWith("correct: ", c.Outputs.Last().Text(), StringComparison.Ordinal));
    }

    [Fact]
    public void EveryLessonWithChecks_HasItsSolutionsNotebook_AndEverySolutionsNotebookHasItsLesson()
    {
        var lessons = SeriesNotebooks.Files.Select(f => Path.GetFileName(f)).ToList();
        var withChecks = lessons.Where(f => SeriesNotebooks.Load(f).Code().Any(c => c.Contents.Split('\n').Any(IsExerciseCheck))).ToList();
        var solutions = Solutions.Select(s => (string)s[0]).ToList();
        Assert.True(withChecks.Count >= 4, string.Join(", ", withChecks));
        Assert.Empty(withChecks.Except(solutions));
        Assert.Empty(solutions.Except(lessons));
    }

    /// <summary>Every numbered exercise in a lesson's "## Exercises" list has a worked answer, "## Exercise N: ...", in its solutions notebook.</summary>
    [Theory]
    [MemberData(nameof(SeriesNotebooks.Names), MemberType = typeof(SeriesNotebooks))]
    public void EveryNumberedExercise_HasAWorkedAnswer(string name)
    {
        var numbers = NumberedExercises(SeriesNotebooks.Markdown(name));
        Assert.InRange(numbers.Count, 3, 7);
        Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        var solution = Path.Combine(SolutionsFolder, name);
        Assert.True(File.Exists(solution), $"{name} has numbered exercises but no notebooks/solutions/{name}");
        var headings = NotebookDocument.Load(solution).Elements.Where(c => c.IsMarkdown())
            .SelectMany(c => c.Contents.Split('\n')).Where(l => l.StartsWith("## Exercise ", StringComparison.Ordinal)).ToList();
        Assert.All(numbers, n => Assert.Contains(headings, h => h.StartsWith($"## Exercise {n}: ", StringComparison.Ordinal) && h.Length > $"## Exercise {n}: ".Length));
        Assert.Equal(numbers.Count, headings.Count);
    }

    public static IEnumerable<object[]> SolutionsWithExplainedCode => Solutions.Where(s => ExplainedCode((string)s[0]).Count > 0);

    /// <summary>The C# of the fenced blocks in a solution's explained answers, in order.</summary>
    private static List<string> ExplainedCode(string solution) =>
        [.. NotebookDocument.Load(Path.Combine(SolutionsFolder, solution)).Elements.Where(c => c.IsMarkdown())
            .SelectMany(c => System.Text.RegularExpressions.Regex.Matches(c.Contents, "```csharp\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline))
            .Select(m => m.Groups[1].Value)];

    /// <summary>
    /// The code of each explained answer runs where the answer says to run it: after its lesson, with the lesson's
    /// variables (notebook 1's, in notebook 3), here on the smoke parameters. The lesson runs unchanged from a copy of the repository's layout
    /// (notebooks/, the library under artifacts/, runs/ beside them), with the answers' code after its last cell.
    /// </summary>
    [Theory]
    [MemberData(nameof(SolutionsWithExplainedCode))]
    public void ExplainedAnswers_CodeRunsAfterItsLesson(string name)
    {
        using var dir = new TemporaryDirectory();
        NotebookRunnerTests.CopyLibrary(dir.File("artifacts", "bin", "NinNotebooks", "release"));

        // Notebook 1's answer trains its variants with notebook 3's data and configuration, and says so.
        var lessonName = name == "01-mlpconv.ipynb" ? "03-global-average-pooling.ipynb" : name;
        var lesson = SeriesNotebooks.Load(lessonName);
        foreach (var code in ExplainedCode(name))
        {
            lesson.Elements.Add(new Microsoft.DotNet.Interactive.Documents.InteractiveDocumentElement(code, NotebookKernel.CSharp));
        }

        Directory.CreateDirectory(dir.File("notebooks"));
        File.WriteAllText(dir.File("notebooks", lessonName), NotebookDocument.ToIpynb(lesson));
        var smoke = new NotebookRunOptions { Parameters = [NotebookParameters.Parse("dataset=synthetic"), NotebookParameters.Parse("subset=300"), NotebookParameters.Parse("epochs=1")] };

        var (result, _) = NotebookFixtures.Run(dir, dir.File("notebooks", lessonName), smoke);

        Assert.True(result.Succeeded, result.Failure);
    }

    /// <summary>The numbers of the list after a lesson's "## Exercises" heading: the lines that start with "N. ".</summary>
    private static List<int> NumberedExercises(string markdown)
    {
        var lines = markdown.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "## Exercises");
        Assert.True(start >= 0, "no \"## Exercises\" heading");
        return [.. lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^(\d+)\. ")).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>A check of a student's exercise; the lessons also check code they write out themselves, named "... by hand", which has no solution.</summary>
    private static bool IsExerciseCheck(string line) =>
        line.TrimStart().StartsWith("ExerciseCheck.", StringComparison.Ordinal) && !line.Contains(" by hand\"", StringComparison.Ordinal);
}
