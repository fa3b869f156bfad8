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

    [Fact]
    public void Skeletons_SayNotYet_AndNameWhatStillDiffers()
    {
        using var dir = new TemporaryDirectory();
        var library = NotebookRunnerTests.CopyLibrary(dir);
        const string first = "01-mlpconv.ipynb";
        string[] cells =
        [
            Cell(first, "TorchRuntime.Initialize()").Replace(Library, library, StringComparison.Ordinal),
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
            Cell("06-what-nin-learns.ipynb", "Tensor MyUnpool("),
            Cell("06-what-nin-learns.ipynb", "ExerciseCheck.Function(\"switch unpooling\""),
        ];
        Assert.Contains("#r \"lib/NinNotebooks.dll\"", cells[0], StringComparison.Ordinal);
        var path = NotebookFixtures.Write(dir, "skeletons.ipynb", cells);

        var (result, executed) = NotebookFixtures.Run(dir, path);

        Assert.True(result.Succeeded, result.Failure);
        var outputs = executed.Code().Select(c => c.Outputs.LastOrDefault()?.Text() ?? "").ToList();
        Assert.Equal("not yet: the mlpconv block: yours has 1 layer with weights, the library's 3: the library's 2nd is a 1×1 convolution from 192 to 160 channels", outputs[5]);
        Assert.Equal("not yet: NiN's forward pass: yours returns [2, 96, 32, 32], the library's [2, 10]", outputs[8]);
        Assert.StartsWith("not yet: the GAP head: the shape is right ([2, 10]) but values differ by up to ", outputs[9], StringComparison.Ordinal);
        Assert.Equal("not yet: inception (3a): yours has 3 layers with weights, the library's 6: the library's 4th is a 1×1 convolution from 192 to 16 channels", outputs[12]);
        Assert.StartsWith("not yet: switch unpooling: the shape is right ([1, 2, 9, 9]) but values differ by up to ", outputs[14], StringComparison.Ordinal);
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
        var lessonChecks = SeriesNotebooks.Load(name).Code().SelectMany(c => c.Contents.Split('\n')).Where(IsCheck).ToList();
        Assert.NotEmpty(lessonChecks);
        Assert.All(lessonChecks, line => Assert.Contains(code, c => c.Split('\n').Contains(line)));

        var (result, executed) = NotebookFixtures.Run(dir, NotebookFixtures.Write(dir, name, code));

        Assert.True(result.Succeeded, result.Failure);
        var checks = executed.Code().Where(c => c.Contents.Split('\n').Any(IsCheck)).ToList();
        Assert.Equal(lessonChecks.Count, checks.Count);
        Assert.All(checks, c => Assert.StartsWith("correct: ", c.Outputs.Last().Text(), StringComparison.Ordinal));
    }

    [Fact]
    public void EveryLessonWithAnExercise_HasItsSolutionsNotebook()
    {
        var withChecks = SeriesNotebooks.Files.Where(f => File.ReadAllText(f).Contains("ExerciseCheck.", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        Assert.True(withChecks.Count >= 4, string.Join(", ", withChecks));
        Assert.Equal(withChecks, Solutions.Select(s => (string)s[0]));
    }

    private static bool IsCheck(string line) => line.TrimStart().StartsWith("ExerciseCheck.", StringComparison.Ordinal);
}
