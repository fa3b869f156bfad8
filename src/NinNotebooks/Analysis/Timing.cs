using System.Diagnostics;
using NinNotebooks.Training;
using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>The median time of some work, measured on this machine after warm-up runs.</summary>
/// <param name="MedianMilliseconds">Median of the timed runs.</param>
/// <param name="MinMilliseconds">Fastest timed run.</param>
/// <param name="Runs">Timed runs.</param>
/// <remarks>Taught in notebooks/02-one-by-one-convolution.ipynb.</remarks>
public sealed record Timing(double MedianMilliseconds, double MinMilliseconds, int Runs)
{
    /// <summary>Runs <paramref name="work"/> <paramref name="warmup"/> times untimed, then <paramref name="runs"/> times timed.</summary>
    /// <remarks>
    /// Work on a GPU is asynchronous: <paramref name="work"/> must wait for its result (e.g. read one value back)
    /// for the times to mean anything. On a shared machine compare medians of work measured side by side.
    /// </remarks>
    public static Timing Measure(Action work, int runs = 10, int warmup = 2)
    {
        ArgumentNullException.ThrowIfNull(work);
        Check.Positive(runs, nameof(runs));
        Check.NotNegative(warmup, nameof(warmup));
        for (var i = 0; i < warmup; i++)
        {
            work();
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        var median = runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
        return new Timing(median, times[0], runs);
    }

    /// <summary>
    /// Times one forward pass of <paramref name="model"/> on <paramref name="input"/> along <paramref name="path"/>
    /// (default: <see cref="ComputePath.Plain"/> on the input's device), in eval mode without gradients, reading one
    /// value of the output back so that GPU work is finished. Time the same model along
    /// <see cref="ComputePath.Plain"/> and <see cref="ComputePath.Resolve"/> to see what the fast path gains.
    /// </summary>
    public static Timing Forward(nn.Module<Tensor, Tensor> model, Tensor input, ComputePath? path = null, int runs = 10, int warmup = 2)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        var along = path ?? ComputePath.Plain(input.device);
        return Inference.Run(model, () => Measure(
            () =>
            {
                using var scope = NewDisposeScope();
                _ = along.Forward(model, input).sum().item<float>();
            },
            runs,
            warmup));
    }
}
