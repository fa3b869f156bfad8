using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>
/// Dynamic loss scaling for float16 training: the loss is multiplied by a large <see cref="Scale"/> before the
/// backward pass, so that small gradients stay above float16's smallest numbers (about 6e-8), and the gradients are
/// divided by it again before the optimizer step. When a gradient overflows (∞ or NaN) the step is skipped and the
/// scale halved; after <see cref="GrowthInterval"/> good steps in a row it is doubled. A disabled scaler (bfloat16 and
/// float32 need none) does a plain backward pass and step.
/// </summary>
/// <remarks>
/// The defaults are PyTorch's GradScaler's (scale 2^16, ×2 every 2,000 good steps, ×0.5 on overflow). The
/// <see cref="Trainer"/> calls <see cref="Reset"/> at the start of every epoch, so that an epoch's steps depend only
/// on the checkpoint it starts from and a resumed run repeats them exactly; the cost is a few skipped steps at the
/// start of an epoch while the scale settles. Checking the gradients reads one value back per step, which makes a
/// GPU wait; float16 is the only path that pays this.
/// </remarks>
public sealed class LossScaler
{
    /// <summary>Below this scale float16 cannot hold the gradients at all, and training stops with an error.</summary>
    public const double MinScale = 1.0 / (1 << 14);

    /// <summary>Creates a scaler; <paramref name="enabled"/> false makes it a plain backward pass and step.</summary>
    public LossScaler(bool enabled, double initialScale = 65536, int growthInterval = 2000)
    {
        if (!(initialScale >= MinScale) || double.IsInfinity(initialScale))
        {
            throw new ArgumentOutOfRangeException(nameof(initialScale), initialScale, $"The initial loss scale must be at least {MinScale}.");
        }

        Check.Positive(growthInterval, nameof(growthInterval));
        Enabled = enabled;
        InitialScale = initialScale;
        GrowthInterval = growthInterval;
        Reset();
    }

    /// <summary>Whether the loss is scaled (float16) or backward and step are plain.</summary>
    public bool Enabled { get; }

    /// <summary>The scale <see cref="Reset"/> returns to.</summary>
    public double InitialScale { get; }

    /// <summary>Good steps in a row after which the scale doubles.</summary>
    public int GrowthInterval { get; }

    /// <summary>The factor the loss is multiplied by now (1 when disabled).</summary>
    public double Scale { get; private set; }

    /// <summary>Steps skipped because a gradient overflowed, since the last <see cref="Reset"/>.</summary>
    public int SkippedSteps { get; private set; }

    private int _goodSteps;

    /// <summary>A scaler for <paramref name="path"/>: enabled for float16, plain otherwise.</summary>
    public static LossScaler For(ComputePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new LossScaler(path.NeedsLossScaling);
    }

    /// <summary>Back to <see cref="InitialScale"/>, no skipped steps.</summary>
    public void Reset()
    {
        Scale = Enabled ? InitialScale : 1;
        SkippedSteps = 0;
        _goodSteps = 0;
    }

    /// <summary>
    /// Backward pass of <paramref name="loss"/> and an optimizer step, scaled when enabled. Returns false when the step
    /// was skipped because a gradient was not finite (the gradients are then left as they were; the next
    /// <c>zero_grad</c> clears them).
    /// </summary>
    /// <exception cref="InvalidOperationException">The scale fell below <see cref="MinScale"/>: the gradients overflow float16 whatever the scale.</exception>
    public bool BackwardAndStep(Tensor loss, optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!Enabled)
        {
            loss.backward();
            optimizer.step();
            return true;
        }

        using (var scaled = loss * Scale)
        {
            scaled.backward();
        }

        if (!UnscaleGradients(optimizer.parameters()))
        {
            SkippedSteps++;
            _goodSteps = 0;
            Scale /= 2;
            if (Scale < MinScale)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"float16 gradients overflowed even at loss scale {Scale * 2:G3}; train with bfloat16 or float32, or a lower learning rate."));
            }

            return false;
        }

        optimizer.step();
        if (++_goodSteps == GrowthInterval)
        {
            Scale *= 2;
            _goodSteps = 0;
        }

        return true;
    }

    /// <summary>Divides every gradient by the scale; true when all of them are finite.</summary>
    private bool UnscaleGradients(IEnumerable<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var finite = new List<Tensor>();
        foreach (var parameter in parameters)
        {
            if (parameter.grad is { } grad)
            {
                grad.mul_(1 / Scale);
                finite.Add(grad.isfinite().all());
            }
        }

        return finite.Count == 0 || stack(finite).all().item<bool>();
    }
}
