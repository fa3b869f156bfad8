using System.Globalization;
using NinNotebooks.Analysis;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Exercises;

/// <summary>
/// What a notebook's check cell says about a student's answer to a build-it-yourself exercise: "correct", or "not
/// yet" and the first thing that still differs from the library's version. A check never throws for a student's
/// mistake (an exception in the student's code is reported as a difference), so an unfinished exercise leaves the
/// rest of the notebook running.
/// </summary>
/// <param name="Exercise">What the student was asked to build, e.g. "the mlpconv block".</param>
/// <param name="Differences">What still differs, most basic first; empty when the answer is correct.</param>
/// <param name="Agreement">For a correct answer, how closely it agrees with the library's.</param>
/// <remarks>Used by the "Build it yourself" cells of every notebook; the worked answers are in notebooks/solutions/.</remarks>
public sealed record ExerciseCheck(string Exercise, IReadOnlyList<string> Differences, string Agreement)
{
    /// <summary>Numbers closer than this (absolute, or relative to the library's largest) count as equal: float32 rounding.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>True when nothing differs.</summary>
    public bool Correct => Differences.Count == 0;

    /// <summary>
    /// Checks a block built from <c>nn</c> layers against the library's: the same layers with weights, in the order they
    /// are created, then the same output once the library's weights are copied into <paramref name="yours"/> (which is
    /// changed), on one random input of <paramref name="inputShape"/> in eval mode.
    /// </summary>
    public static ExerciseCheck Block(string exercise, nn.Module<Tensor, Tensor> yours, nn.Module<Tensor, Tensor> library, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(yours);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(inputShape);
        var (mine, theirs) = (LayersWithWeights(yours), LayersWithWeights(library));
        for (var i = 0; i < Math.Min(mine.Count, theirs.Count); i++)
        {
            if (mine[i] != theirs[i])
            {
                return NotYet(exercise, $"the {Ordinal(i + 1)} layer with weights: yours is {mine[i]}, the library's is {theirs[i]}");
            }
        }

        if (mine.Count != theirs.Count)
        {
            var next = mine.Count < theirs.Count ? $"the library's {Ordinal(mine.Count + 1)} is {theirs[mine.Count]}" : $"after the library's last, yours goes on with {mine[theirs.Count]}";
            return NotYet(exercise, $"yours has {Layers(mine.Count)}, the library's {theirs.Count}: {next}");
        }

        BlockComparison comparison;
        try
        {
            comparison = BlockComparison.Compare(yours, library, inputShape);
        }
        catch (Exception e)
        {
            return NotYet(exercise, $"running yours on a {Shape(inputShape)} input failed: {e.Message}");
        }

        return comparison.Matches
            ? new ExerciseCheck(exercise, [], string.Create(CultureInfo.InvariantCulture,
                $"the same {Layers(theirs.Count)} ({comparison.LibraryParameters:N0} parameters); with the library's weights copied into yours, the outputs agree to {comparison.LargestDifference:0.0E+0}"))
            : NotYet(exercise, string.Create(CultureInfo.InvariantCulture,
                $"the layers match, but with the library's weights the outputs differ by up to {comparison.LargestDifference:0.###}: check that forward uses every layer in the library's order, with a ReLU wherever the library has one"));
    }

    /// <summary>
    /// Checks a function the student wrote (a forward pass, a head, an unpooling) against the library's on the same input:
    /// the same output shape and values. Both run without gradients.
    /// </summary>
    public static ExerciseCheck Function(string exercise, Func<Tensor, Tensor> yours, Func<Tensor, Tensor> library, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(yours);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var expected = library(input).detach().cpu().to(ScalarType.Float64);
        Tensor actual;
        try
        {
            actual = yours(input).detach().cpu().to(ScalarType.Float64);
        }
        catch (Exception e)
        {
            return NotYet(exercise, $"running yours on a {Shape(input.shape)} input failed: {e.Message}");
        }

        if (!actual.shape.SequenceEqual(expected.shape))
        {
            return NotYet(exercise, $"yours returns {Shape(actual.shape)}, the library's {Shape(expected.shape)}");
        }

        var difference = expected.numel() == 0 ? 0 : (actual - expected).abs().max().item<double>();
        var largest = expected.numel() == 0 ? 0 : expected.abs().max().item<double>();
        return difference <= Tolerance * Math.Max(1, largest)
            ? new ExerciseCheck(exercise, [], string.Create(CultureInfo.InvariantCulture, $"the same {Shape(expected.shape)} output; the largest difference is {difference:0.0E+0}"))
            : NotYet(exercise, string.Create(CultureInfo.InvariantCulture,
                $"the shape is right ({Shape(expected.shape)}) but values differ by up to {difference:0.####} (the library's largest magnitude is {largest:0.####})"));
    }

    /// <summary>
    /// <see cref="Function"/> for a forward pass written from a model's parts: both run with <paramref name="library"/> in
    /// eval mode (dropout passes its input through), which is restored afterwards.
    /// </summary>
    public static ExerciseCheck Model(string exercise, Func<Tensor, Tensor> yours, nn.Module<Tensor, Tensor> library, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(library);
        return Inference.Run(library, () => Function(exercise, yours, library.call, input));
    }

    /// <summary>
    /// Checks a list of numbers the student computed (the losses of a training epoch, say) against the library's, one
    /// by one: the same count, and each within <see cref="Tolerance"/> (relative to its size when above 1).
    /// </summary>
    /// <param name="exercise">What the student built.</param>
    /// <param name="what">The numbers' name, singular, e.g. "batch loss".</param>
    /// <param name="yours">The student's numbers.</param>
    /// <param name="library">The library's.</param>
    public static ExerciseCheck Numbers(string exercise, string what, IReadOnlyList<double> yours, IReadOnlyList<double> library)
    {
        ArgumentNullException.ThrowIfNull(yours);
        ArgumentNullException.ThrowIfNull(library);
        for (var i = 0; i < Math.Min(yours.Count, library.Count); i++)
        {
            if (!(Math.Abs(yours[i] - library[i]) <= Tolerance * Math.Max(1, Math.Abs(library[i]))))
            {
                return NotYet(exercise, string.Create(CultureInfo.InvariantCulture, $"the {Ordinal(i + 1)} {what}: yours {yours[i]:0.######}, the library's {library[i]:0.######}"));
            }
        }

        if (yours.Count != library.Count)
        {
            return NotYet(exercise, $"yours has {Count(yours.Count, what)}, the library's {Count(library.Count, what)}");
        }

        var largest = yours.Zip(library, (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max();
        return new ExerciseCheck(exercise, [], string.Create(CultureInfo.InvariantCulture, $"{(library.Count == 1 ? $"the {what} agrees" : $"all {Count(library.Count, what)} agree")}; the largest difference is {largest:0.0E+0}"));
    }

    /// <summary>"correct: ..." or "not yet: ...", one line.</summary>
    public override string ToString() => Correct
        ? $"correct: {Exercise}: {Agreement}"
        : $"not yet: {Exercise}: {Differences[0]}";

    private static ExerciseCheck NotYet(string exercise, string difference) => new(exercise, [difference], "");

    /// <summary>The modules that hold parameters themselves, in the order they were created, each in words.</summary>
    private static List<string> LayersWithWeights(nn.Module module) =>
        module.modules().Where(m => m.named_parameters(recurse: false).Any()).Select(Describe).ToList();

    private static string Describe(nn.Module layer) => layer switch
    {
        Conv2d c => $"a {c.kernel_size[0]}×{c.kernel_size[1]} convolution from {c.in_channels} to {c.out_channels} channels"
            + (c.padding is { } p && p.Any(x => x != 0) ? $", padding {string.Join("×", p.Distinct())}" : "")
            + (c.stride.Any(s => s != 1) ? $", stride {string.Join("×", c.stride.Distinct())}" : "")
            + (c.groups != 1 ? $", {c.groups} groups" : "")
            + (c.bias is null ? ", no bias" : ""),
        Linear l => $"a linear layer from {l.in_features} to {l.out_features} features" + (l.bias is null ? ", no bias" : ""),
        BatchNorm2d b => $"a BatchNorm over {b.weight?.shape[0] ?? b.running_mean?.shape[0]} channels",
        _ => $"a {layer.GetType().Name} with parameters {string.Join(", ", layer.named_parameters(recurse: false).Select(p => $"{p.name} {Shape(p.parameter.shape)}"))}",
    };

    private static string Layers(int count) => count == 1 ? "1 layer with weights" : $"{count} layers with weights";

    private static string Count(int count, string what) =>
        count == 1 ? $"1 {what}" : what.EndsWith('s') || what.EndsWith('x') || what.EndsWith("ch", StringComparison.Ordinal) ? $"{count} {what}es" : $"{count} {what}s";

    private static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };
}
