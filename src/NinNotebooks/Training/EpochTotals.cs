using NinNotebooks.Analysis;
using NinNotebooks.Data;
using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>
/// Loss and accuracy of one pass, summed on the training device. Adding a batch never waits for the device; values
/// are read back only by <see cref="MeanLoss"/>, <see cref="Accuracy"/> and <see cref="CheckDivergence"/>.
/// </summary>
internal sealed class EpochTotals : IDisposable
{
    private readonly Tensor _losses;      // one mean loss per batch, to find the first bad batch
    private readonly Tensor _lossSum;     // sum over images
    private readonly Tensor _correct;     // images classified correctly
    private int _checked;

    /// <summary>Mean loss (plain cross-entropy) and accuracy of <paramref name="model"/> on <paramref name="loader"/>'s batches, in eval mode without gradients.</summary>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, ComputePath compute, BatchLoader loader, Device device) => Inference.Run(model, () =>
    {
        using var totals = new EpochTotals(device, loader.BatchesPerEpoch);
        long seen = 0;
        var b = 0;
        foreach (var batch in loader.Epoch(0))
        {
            using (NewDisposeScope())
            {
                var logits = compute.Forward(model, batch.Images);
                totals.Add(b++, nn.functional.cross_entropy(logits, batch.Labels), logits, batch.Labels);
            }

            seen += batch.Size;
        }

        return (totals.MeanLoss(seen), totals.Accuracy(seen));
    });

    public EpochTotals(Device device, int batches)
    {
        _losses = zeros(batches, device: device);
        _lossSum = zeros(1, dtype: ScalarType.Float64, device: device);
        _correct = zeros(1, dtype: ScalarType.Int64, device: device);
    }

    /// <summary>Adds batch <paramref name="index"/>: its mean loss, logits and labels.</summary>
    public void Add(int index, Tensor meanLoss, Tensor logits, Tensor labels)
    {
        _losses.narrow(0, index, 1).copy_(meanLoss.view(1));
        _lossSum.add_(meanLoss.to(ScalarType.Float64) * labels.shape[0]);
        _correct.add_(logits.argmax(1).eq(labels).sum());
    }

    /// <summary>Every batch's mean loss, in order, read back from the device.</summary>
    public double[] BatchLosses()
    {
        using var scope = NewDisposeScope();
        return _losses.to(ScalarType.Float64).cpu().data<double>().ToArray();
    }

    /// <summary>Mean loss per image over <paramref name="images"/> images.</summary>
    public double MeanLoss(long images) => _lossSum.item<double>() / images;

    /// <summary>Fraction of <paramref name="images"/> images classified correctly.</summary>
    public double Accuracy(long images) => (double)_correct.item<long>() / images;

    /// <summary>Throws <see cref="TrainingDivergedException"/> for the first of the batches before <paramref name="upTo"/> whose loss is NaN, ∞ or above <paramref name="maxLoss"/>.</summary>
    public void CheckDivergence(int upTo, double maxLoss, int epoch, string advice)
    {
        if (upTo <= _checked)
        {
            return;
        }

        float[] losses;
        using (NewDisposeScope())
        {
            losses = _losses.narrow(0, _checked, upTo - _checked).cpu().data<float>().ToArray();
        }

        for (var i = 0; i < losses.Length; i++)
        {
            if (!float.IsFinite(losses[i]) || losses[i] > maxLoss)
            {
                throw new TrainingDivergedException(epoch + 1, _checked + i + 1, losses[i], advice);
            }
        }

        _checked = upTo;
    }

    public void Dispose()
    {
        _losses.Dispose();
        _lossSum.Dispose();
        _correct.Dispose();
    }
}
