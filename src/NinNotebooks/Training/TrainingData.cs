using NinNotebooks.Data;
using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>
/// The data side of a training run, as <see cref="TrainingConfig"/> sets it: the subsets
/// (<see cref="TrainingConfig.TrainSubset"/>, <see cref="TrainingConfig.TestSubset"/>), the preprocessing fitted on the
/// training split (per-channel standardisation with <see cref="ChannelNormalization"/>, or the paper's GCN + ZCA with
/// <see cref="GcnZcaWhitening"/>, applied once up front), the augmentation (<see cref="RandomCropFlip"/>, training batches
/// only), the two <see cref="BatchLoader"/>s on the training device, and <see cref="Prepare"/> for raw images.
/// It owns everything it makes; the splits it is given stay the caller's.
/// </summary>
/// <remarks>Taught in notebooks/06-training-nin.ipynb.</remarks>
public sealed class TrainingData : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly Func<Tensor, Tensor> _prepare;

    /// <summary>
    /// Picks the subsets (seeded with <see cref="TrainingConfig.Seed"/> for training, one more for test), fits the
    /// preprocessing on the training split, and builds the augmentation and the loaders on <paramref name="device"/>.
    /// </summary>
    /// <param name="config">The run's settings; validated first.</param>
    /// <param name="data">Training and test splits (uint8 images, as loaded); not disposed here.</param>
    /// <param name="device">Where batches and prepared images are made.</param>
    public TrainingData(TrainingConfig config, DatasetSplits data, Device device)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(device);
        config.Validate();
        Device = device;
        try
        {
            var train = Own(config.TrainSubset is { } n ? data.Train.Subset(n, config.Seed) : null) ?? data.Train;
            var test = Own(config.TestSubset is { } m ? data.Test.Subset(m, config.Seed + 1) : null) ?? data.Test;
            Func<Tensor, Tensor>? normalize = null;
            if (config.Preprocessing == Preprocessing.GcnZca)
            {
                var zca = Own(GcnZcaWhitening.Fit(train.Images));
                train = Own(train.WithImages(zca.Apply(train.Images)));
                test = Own(test.WithImages(zca.Apply(test.Images)));
                _prepare = images => zca.Apply(images).to(device);
            }
            else
            {
                normalize = Own(ChannelNormalization.Fit(train.Images)).Apply;
                _prepare = images => normalize(images.to(device));
            }

            var augment = config.Augment ? Own(new RandomCropFlip(padding: 4, flip: true, seed: config.Seed, device: device)) : null;
            Train = Own(new BatchLoader(train, config.BatchSize, device, normalize, augment, shuffle: true, seed: config.Seed));
            Test = Own(new BatchLoader(test, config.BatchSize, device, normalize, augment: null, shuffle: false));
        }
        catch
        {
            // Nothing half-built stays alive when the data does not fit the settings.
            Dispose();
            throw;
        }
    }

    /// <summary>The device batches and prepared images are on.</summary>
    public Device Device { get; }

    /// <summary>The training batches: reshuffled every epoch, augmented if the settings say so, preprocessed.</summary>
    public BatchLoader Train { get; }

    /// <summary>The test batches: in order, preprocessed, never augmented.</summary>
    public BatchLoader Test { get; }

    /// <summary>Training images per epoch (after any subset).</summary>
    public long TrainImages => Train.ImagesPerEpoch;

    /// <summary>
    /// Raw images (uint8 N x C x H x W, as loaded) preprocessed exactly as the test split is, on the training device:
    /// what the model takes as input, e.g. to look inside it after training.
    /// </summary>
    public Tensor Prepare(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return _prepare(images);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        _owned.Clear();
    }

    private T Own<T>(T disposable)
        where T : IDisposable?
    {
        if (disposable is not null)
        {
            _owned.Add(disposable);
        }

        return disposable;
    }
}
