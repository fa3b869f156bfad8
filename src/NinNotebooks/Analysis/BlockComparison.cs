using System.Globalization;
using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// Checks a block a student wrote from <c>nn</c> layers against the library's: the same parameter count, and the same
/// output once the library block's weights are copied into the student's. Parameters are matched in the order the
/// modules register them (a convolution's weight, then its bias, layer after layer), so the two blocks must create
/// their layers in the same order.
/// </summary>
/// <param name="YourParameters">Parameter values in the student's block.</param>
/// <param name="LibraryParameters">Parameter values in the library's block.</param>
/// <param name="LargestDifference">The largest absolute difference between the two outputs on the same random input.</param>
/// <remarks>The notebooks' exercises use it through <see cref="Exercises.ExerciseCheck.Block"/>, which compares the layers first.</remarks>
public sealed record BlockComparison(long YourParameters, long LibraryParameters, double LargestDifference)
{
    /// <summary>Outputs closer than this count as equal (float32 rounding).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Same parameter count and the same output, to float32 rounding.</summary>
    public bool Matches => YourParameters == LibraryParameters && LargestDifference <= Tolerance;

    /// <summary>
    /// Copies <paramref name="library"/>'s parameters into <paramref name="yours"/> (which is changed), runs both in
    /// eval mode on one random input of <paramref name="inputShape"/> and compares the outputs.
    /// </summary>
    /// <exception cref="ArgumentException">The blocks' parameters differ in number or shape (the message names the first
    /// mismatch), or their outputs differ in shape.</exception>
    public static BlockComparison Compare(nn.Module<Tensor, Tensor> yours, nn.Module<Tensor, Tensor> library, long[] inputShape, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(yours);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(inputShape);
        var mine = yours.named_parameters().ToList();
        var theirs = library.named_parameters().ToList();
        var counts = (yours.CountParameters(), library.CountParameters());
        for (var i = 0; i < Math.Max(mine.Count, theirs.Count); i++)
        {
            if (i >= mine.Count || i >= theirs.Count || !mine[i].parameter.shape.SequenceEqual(theirs[i].parameter.shape))
            {
                throw new ArgumentException(
                    $"The blocks differ at parameter {i + 1}: yours is {Describe(mine, i)}, the library's is {Describe(theirs, i)}. " +
                    $"Parameters: yours {counts.Item1:N0}, the library's {counts.Item2:N0}. Create the layers in the library's order.", nameof(yours));
            }
        }

        using var scope = NewDisposeScope();
        var device = theirs.Count > 0 ? theirs[0].parameter.device : CPU;
        using (no_grad())
        {
            for (var i = 0; i < mine.Count; i++)
            {
                mine[i].parameter.copy_(theirs[i].parameter);
            }
        }

        return Inference.Run(yours, () => Inference.Run(library, () =>
        {
            using var generator = new Generator((ulong)seed, CPU);
            var input = randn(inputShape, generator: generator).to(device);
            var (yourOutput, libraryOutput) = (yours.call(input), library.call(input));
            if (!yourOutput.shape.SequenceEqual(libraryOutput.shape))
            {
                throw new ArgumentException(
                    $"The outputs differ in shape: yours [{string.Join(", ", yourOutput.shape)}], the library's [{string.Join(", ", libraryOutput.shape)}] (check padding and stride).", nameof(yours));
            }

            var difference = (yourOutput - libraryOutput).abs().max().item<float>();
            return new BlockComparison(counts.Item1, counts.Item2, difference);
        }));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"parameters: yours {YourParameters:N0}, the library's {LibraryParameters:N0}; with the library's weights copied into yours, " +
        $"the largest output difference is {LargestDifference:0.0E+0}: {(Matches ? "the same block" : "NOT the same block")}");

    private static string Describe(List<(string name, TorchSharp.Modules.Parameter parameter)> parameters, int i) =>
        i < parameters.Count ? $"'{parameters[i].name}' [{string.Join(", ", parameters[i].parameter.shape)}]" : "missing";
}
