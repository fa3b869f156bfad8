using NinNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Setup;

/// <summary>One 2-D convolution's shape, as a check tries it: a square kernel, channel counts, stride, padding and groups.</summary>
/// <param name="Kernel">The kernel's height and width.</param>
/// <param name="InChannels">Input channels (a multiple of <paramref name="Groups"/>).</param>
/// <param name="OutChannels">Output channels (a multiple of <paramref name="Groups"/>).</param>
/// <param name="Stride">The stride in both directions.</param>
/// <param name="Padding">Zero padding on each side.</param>
/// <param name="Groups">Channel groups (1: an ordinary convolution).</param>
public sealed record ConvolutionShape(int Kernel, int InChannels, int OutChannels, int Stride = 1, int Padding = 0, int Groups = 1)
{
    /// <summary>E.g. "5×5 12→24, stride 2, padding 2, 4 groups".</summary>
    public override string ToString() =>
        $"{Kernel}×{Kernel} {InChannels}→{OutChannels}" + (Stride != 1 ? $", stride {Stride}" : "") +
        (Padding != 0 ? $", padding {Padding}" : "") + (Groups != 1 ? $", {Groups} groups" : "");
}

/// <summary>Which result of a convolution a check compares.</summary>
public enum ConvolutionPart
{
    /// <summary>The output of the forward pass.</summary>
    Forward,

    /// <summary>The gradient with respect to the input (what the layers below receive).</summary>
    InputGradient,

    /// <summary>The gradient with respect to the weights (what the optimizer receives).</summary>
    WeightGradient,
}

/// <summary>How far one result of one convolution lay from float64.</summary>
/// <param name="Shape">The convolution.</param>
/// <param name="Precision">The precision it ran in: <see cref="Precision.Float32"/> or <see cref="Precision.BFloat16"/> (autocast).</param>
/// <param name="Part">The result compared.</param>
/// <param name="RelativeError">‖result − float64 result‖ / ‖float64 result‖ (NaN when the result was not finite).</param>
public sealed record ConvolutionError(ConvolutionShape Shape, Precision Precision, ConvolutionPart Part, double RelativeError)
{
    /// <summary>E.g. "3×3 12→10, padding 1, float32 input gradient: relative error 0.31".</summary>
    public override string ToString() =>
        $"{Shape}, {Precision.ToString().ToLowerInvariant()} {Part switch
        {
            ConvolutionPart.Forward => "forward",
            ConvolutionPart.InputGradient => "input gradient",
            _ => "weight gradient",
        }}: relative error {RelativeError:G2}";
}

/// <summary>What <see cref="ConvolutionCheck.Run"/> found.</summary>
/// <param name="Shapes">The convolutions tried.</param>
/// <param name="Precisions">The precisions each was tried in.</param>
/// <param name="Tolerances">The largest relative error accepted, per precision.</param>
/// <param name="Wrong">Every result beyond its tolerance (empty when all were right).</param>
/// <param name="Largest">The largest relative error seen, per precision and part, right or wrong.</param>
public sealed record ConvolutionCheckResult(
    IReadOnlyList<ConvolutionShape> Shapes,
    IReadOnlyList<Precision> Precisions,
    IReadOnlyDictionary<Precision, double> Tolerances,
    IReadOnlyList<ConvolutionError> Wrong,
    IReadOnlyList<ConvolutionError> Largest)
{
    /// <summary>Whether every result was within its tolerance.</summary>
    public bool AllCorrect => Wrong.Count == 0;

    /// <summary>The convolutions with at least one wrong result, each once.</summary>
    public IReadOnlyList<ConvolutionShape> WrongShapes => [.. Wrong.Select(e => e.Shape).Distinct()];

    /// <summary>One line, e.g. "all 392 convolutions agree with float64 (float32 ≤ 3.1E-07, bfloat16 ≤ 4.2E-03)".</summary>
    public override string ToString()
    {
        var largest = string.Join(", ", Precisions.Select(p =>
            $"{p.ToString().ToLowerInvariant()} ≤ {Largest.Where(e => e.Precision == p).Select(e => e.RelativeError).DefaultIfEmpty(0).Max():G2}"));
        return AllCorrect
            ? $"all {Shapes.Count} convolutions agree with float64 ({largest})"
            : $"{WrongShapes.Count} of {Shapes.Count} convolutions disagree with float64, e.g. {Wrong.MaxBy(e => double.IsNaN(e.RelativeError) ? double.MaxValue : e.RelativeError)}";
    }
}

/// <summary>
/// Checks this machine's CPU convolutions against float64: for a grid of shapes (kernels 1, 3, 5 and 7; widths from 1 to
/// 40 in and out, most of them not multiples of 16; strides 1 and 2; padding; groups), the forward pass, the input gradient
/// and the weight gradient in float32, and under bfloat16 autocast where the CPU computes bfloat16 natively. float64
/// convolutions do not go through oneDNN (libtorch's CPU convolution library), so they are the reference that a oneDNN
/// defect cannot touch.
/// </summary>
/// <remarks>
/// libtorch 2.10's oneDNN computes the float32 input gradient of k×k convolutions with widths that are not multiples of 16
/// wrongly on some CPUs with AVX-512 (see environment/README.md); <see cref="ConvolutionWorkaround"/> works around it, and
/// <c>nin doctor</c> runs this check to show that the workaround holds. It takes about three seconds on two cores, mostly oneDNN compiling code for each new shape.
/// </remarks>
public static class ConvolutionCheck
{
    /// <summary>The largest relative error accepted in float32: rounding alone stays below 1e-6 at these sizes.</summary>
    public const double Float32Tolerance = 1e-4;

    /// <summary>
    /// The largest relative error accepted under bfloat16 autocast, with inputs, weights and upstream gradients that are
    /// exact in bfloat16: rounding each result to bfloat16's 8 significant bits gives about 2e-3.
    /// </summary>
    public const double BFloat16Tolerance = 2e-2;

    /// <summary>The widths tried, in and out: mostly not multiples of 16, where oneDNN pads channels.</summary>
    public static IReadOnlyList<int> Widths { get; } = [1, 3, 4, 10, 16, 24, 40];

    /// <summary>The kernels tried.</summary>
    public static IReadOnlyList<int> Kernels { get; } = [1, 3, 5, 7];

    /// <summary>
    /// The default grid (36 shapes): each kernel with every one of <see cref="Widths"/> as input and as output, alternately
    /// at stride 1 with "same" padding and at stride 2 with less padding, then a grouped and a depthwise convolution.
    /// </summary>
    public static IReadOnlyList<ConvolutionShape> DefaultShapes { get; } = BuildDefaultShapes();

    /// <summary>
    /// Runs the check on the CPU: every shape in float32 and, when <paramref name="bfloat16"/> is true (by default where
    /// the CPU has native bfloat16 and libtorch's autocast is reachable), under bfloat16 autocast. It does not touch the
    /// global random generator.
    /// </summary>
    /// <param name="shapes">The convolutions to try; <see cref="DefaultShapes"/> when null.</param>
    /// <param name="bfloat16">Whether to try bfloat16 autocast too; null decides by the CPU.</param>
    /// <param name="channelsLast">Whether inputs are channels-last (as on the bfloat16 fast path); null: channels-first in
    /// float32 and channels-last in bfloat16, as <see cref="ComputePath.Resolve"/> chooses.</param>
    public static ConvolutionCheckResult Run(IReadOnlyList<ConvolutionShape>? shapes = null, bool? bfloat16 = null, bool? channelsLast = null)
    {
        TorchRuntime.Initialize();
        var precisions = bfloat16 ?? (CpuFeatures.HasNativeBFloat16 && Autocast.IsAvailable)
            ? new[] { Precision.Float32, Precision.BFloat16 }
            : [Precision.Float32];
        return RunCore(shapes ?? DefaultShapes, precisions, channelsLast);
    }

    /// <summary>
    /// The check without starting TorchSharp (the start-up step runs it while starting). <paramref name="convolution"/>
    /// replaces <c>conv2d</c> (input, weight, shape), for tests that show a wrong convolution is caught.
    /// </summary>
    internal static ConvolutionCheckResult RunCore(
        IReadOnlyList<ConvolutionShape> shapes, IReadOnlyList<Precision> precisions, bool? channelsLast, Func<Tensor, Tensor, ConvolutionShape, Tensor>? convolution = null)
    {
        foreach (var shape in shapes)
        {
            Validate(shape);
        }

        if (precisions.Any(p => p is not (Precision.Float32 or Precision.BFloat16)))
        {
            throw new ArgumentException("The check runs in float32 and bfloat16 only.", nameof(precisions));
        }

        convolution ??= Conv2d;
        var tolerances = new Dictionary<Precision, double> { [Precision.Float32] = Float32Tolerance, [Precision.BFloat16] = BFloat16Tolerance };
        var errors = new List<ConvolutionError>();
        for (var i = 0; i < shapes.Count; i++)
        {
            foreach (var precision in precisions)
            {
                errors.AddRange(Compare(shapes[i], precision, channelsLast ?? precision != Precision.Float32, seed: 1000 + i, convolution));
            }
        }

        var wrong = errors.Where(e => !(e.RelativeError <= tolerances[e.Precision])).ToList();
        var largest = errors.GroupBy(e => (e.Precision, e.Part))
            .Select(g => g.MaxBy(e => double.IsNaN(e.RelativeError) ? double.MaxValue : e.RelativeError)!)
            .ToList();
        return new ConvolutionCheckResult(shapes, precisions, tolerances.Where(t => precisions.Contains(t.Key)).ToDictionary(), wrong, largest);
    }

    private static Tensor Conv2d(Tensor input, Tensor weight, ConvolutionShape shape) =>
        nn.functional.conv2d(input, weight, strides: [shape.Stride, shape.Stride], padding: [shape.Padding, shape.Padding], groups: shape.Groups);

    private static void Validate(ConvolutionShape shape)
    {
        if (shape.Kernel < 1 || shape.InChannels < 1 || shape.OutChannels < 1 || shape.Stride < 1 || shape.Padding < 0 || shape.Groups < 1
            || shape.InChannels % shape.Groups != 0 || shape.OutChannels % shape.Groups != 0)
        {
            throw new ArgumentException($"Not a valid convolution: {shape}.", nameof(shape));
        }
    }

    /// <summary>The three results of one convolution in one precision against float64.</summary>
    private static IEnumerable<ConvolutionError> Compare(ConvolutionShape shape, Precision precision, bool channelsLast, int seed, Func<Tensor, Tensor, ConvolutionShape, Tensor> convolution)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        const int batch = 2, size = 12;
        var x = randn([batch, shape.InChannels, size, size], generator: generator);
        var w = randn([shape.OutChannels, shape.InChannels / shape.Groups, shape.Kernel, shape.Kernel], generator: generator)
            / Math.Sqrt(shape.InChannels / shape.Groups * shape.Kernel * shape.Kernel);
        var outSize = ((size + (2 * shape.Padding) - shape.Kernel) / shape.Stride) + 1;
        var upstream = randn([batch, shape.OutChannels, outSize, outSize], generator: generator);
        if (precision == Precision.BFloat16)
        {
            // Values that bfloat16 holds exactly, so that the float64 reference computes with the same numbers.
            (x, w, upstream) = (Exact(x), Exact(w), Exact(upstream));
        }

        var (expectedOut, expectedInput, expectedWeight) = Results(x.to(ScalarType.Float64), w.to(ScalarType.Float64), upstream.to(ScalarType.Float64), shape, channelsLast: false, Conv2d);
        var (output, inputGradient, weightGradient) = precision == Precision.BFloat16
            ? Results(x, w, upstream.to(ScalarType.BFloat16), shape, channelsLast, convolution, autocast: true)
            : Results(x, w, upstream, shape, channelsLast, convolution);
        yield return new ConvolutionError(shape, precision, ConvolutionPart.Forward, RelativeError(output, expectedOut));
        yield return new ConvolutionError(shape, precision, ConvolutionPart.InputGradient, RelativeError(inputGradient, expectedInput));
        yield return new ConvolutionError(shape, precision, ConvolutionPart.WeightGradient, RelativeError(weightGradient, expectedWeight));
    }

    private static Tensor Exact(Tensor t) => t.to(ScalarType.BFloat16).to(ScalarType.Float32);

    private static (Tensor Output, Tensor InputGradient, Tensor WeightGradient) Results(
        Tensor x, Tensor w, Tensor upstream, ConvolutionShape shape, bool channelsLast, Func<Tensor, Tensor, ConvolutionShape, Tensor> convolution, bool autocast = false)
    {
        // Channels-last as ComputePath makes it: the same shape with the strides of N x H x W x C.
        var input = (channelsLast ? x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : x.clone()).requires_grad_(true);
        var weight = w.clone().requires_grad_(true);
        Tensor Convolve() => convolution(input, weight, shape);
        var output = autocast ? Autocast.Run(DeviceType.CPU, ScalarType.BFloat16, Convolve) : Convolve();
        output.backward([upstream]);
        return (output.detach(), input.grad!, weight.grad!);
    }

    private static double RelativeError(Tensor actual, Tensor expected)
    {
        using var difference = actual.to(ScalarType.Float64) - expected;
        var reference = expected.norm().item<double>();
        var error = difference.norm().item<double>();
        return reference == 0 ? error : error / reference;
    }

    private static List<ConvolutionShape> BuildDefaultShapes()
    {
        // Each kernel meets every width once as input and once as output, paired differently for each kernel (a full
        // grid, 4 x 7 x 7 shapes, takes 20 s: oneDNN compiles code for every new shape), then a grouped and a depthwise one.
        var shapes = new List<ConvolutionShape>();
        for (var k = 0; k < Kernels.Count; k++)
        {
            var kernel = Kernels[k];
            for (var i = 0; i < Widths.Count; i++)
            {
                var (inChannels, outChannels) = (Widths[i], Widths[(i + k + 1) % Widths.Count]);
                shapes.Add(i % 2 == k % 2
                    ? new ConvolutionShape(kernel, inChannels, outChannels, Padding: kernel / 2)
                    : new ConvolutionShape(kernel, inChannels, outChannels, Stride: 2, Padding: kernel / 4));
            }

            shapes.Add(k % 2 == 0
                ? new ConvolutionShape(kernel, 24, 40, Padding: kernel / 2, Groups: 4)
                : new ConvolutionShape(kernel, 12, 24, Stride: 2, Padding: kernel / 2, Groups: 3));
            shapes.Add(new ConvolutionShape(kernel, 10, 10, Stride: 1 + (k % 2), Padding: kernel / 2, Groups: 10));
        }

        return shapes;
    }
}
