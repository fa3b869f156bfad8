using NinNotebooks.Exercises;
using NinNotebooks.Modules;
using NinNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Training;

/// <summary>
/// A training epoch written by hand (notebook 6's exercise) against <see cref="Trainer.TrainEpoch"/>: with
/// <see cref="Trainer.TrainingBatches"/> and <see cref="Trainer.LearningRateAt"/> from a second trainer with the same
/// settings, a plain float32 loop gets the trainer's <see cref="Trainer.BatchLosses"/>.
/// </summary>
public class HandWrittenEpochTests
{
    /// <summary>
    /// The tiny run in plain float32, so that a hand-written loop can do the same arithmetic; with BatchNorm and the
    /// default recipe's one-cycle schedule, as in the notebook, so that every step moves the loss visibly.
    /// </summary>
    private static TrainingConfig Plain(int epochs = 1) => TinySetup.Training(epochs) with
    {
        Precision = Precision.Float32, BatchNorm = true, Schedule = ScheduleKind.OneCycle, LearningRate = 0.003,
    };

    private static nn.Module<Tensor, Tensor> Model() => new NiN(TinySetup.Config, batchNorm: true);

    [Fact]
    public void AHandWrittenEpoch_GetsTheTrainersBatchLosses()
    {
        using var data = TinySetup.Data();
        var config = Plain();
        using var library = new Trainer(config, Model, data);
        using var yours = new Trainer(config, Model, data);

        library.TrainEpoch();
        var losses = Epoch(yours, 0, scheduled: true);

        Assert.Equal(library.Data.Train.BatchesPerEpoch, library.BatchLosses.Count);
        var check = ExerciseCheck.Numbers("one training epoch", "batch loss", losses, library.BatchLosses);
        Assert.True(check.Correct, check.ToString());
    }

    [Fact]
    public void TheSecondEpoch_AlsoMatches_WhenTheHandWrittenLoopRunsBothEpochs()
    {
        using var data = TinySetup.Data();
        var config = Plain(epochs: 2);
        using var library = new Trainer(config, Model, data);
        using var yours = new Trainer(config, Model, data);

        library.TrainEpoch();
        library.TrainEpoch();
        using var optimizer = optim.Adam(yours.Model.parameters(), config.LearningRate, weight_decay: config.WeightDecay);
        Epoch(yours, 0, scheduled: true, optimizer);
        var second = Epoch(yours, 1, scheduled: true, optimizer);

        var check = ExerciseCheck.Numbers("two training epochs", "batch loss", second, library.BatchLosses);
        Assert.True(check.Correct, check.ToString());
    }

    [Fact]
    public void AnEpochThatIgnoresTheSchedule_IsNotYetTheTrainers()
    {
        using var data = TinySetup.Data();
        var config = Plain();
        using var library = new Trainer(config, Model, data);
        using var yours = new Trainer(config, Model, data);

        library.TrainEpoch();
        var losses = Epoch(yours, 0, scheduled: false);

        // The first batch runs before any step, so it agrees; the second already shows the other learning rate.
        Assert.NotEqual(library.BatchLosses[1], losses[1]);
        Assert.StartsWith("not yet: one training epoch: the 2nd batch loss: yours ",
            ExerciseCheck.Numbers("one training epoch", "batch loss", losses, library.BatchLosses).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEpochOverTheLoadersBatches_DrawsOtherDropoutMasks_FromTheFirstBatchOn()
    {
        using var data = TinySetup.Data();
        var config = Plain();
        using var library = new Trainer(config, Model, data);
        using var yours = new Trainer(config, Model, data);

        library.TrainEpoch();
        var losses = Epoch(yours, 0, scheduled: true, seedDropout: false);

        Assert.StartsWith("not yet: one training epoch: the 1st batch loss: yours ",
            ExerciseCheck.Numbers("one training epoch", "batch loss", losses, library.BatchLosses).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BatchLosses_AverageToTheEpochsTrainingLoss_AndAreEmptyBeforeTheFirstEpoch()
    {
        using var data = TinySetup.Data(train: 200);   // 6 batches of 32 and one of 8
        using var trainer = new Trainer(Plain(), Model, data);
        Assert.Empty(trainer.BatchLosses);

        var record = trainer.TrainEpoch();

        var sizes = trainer.TrainingBatches(0).Select(b => (double)b.Size).ToList();
        Assert.Equal(7, trainer.BatchLosses.Count);
        Assert.Equal(record.TrainLoss, trainer.BatchLosses.Zip(sizes, (l, n) => l * n).Sum() / sizes.Sum(), 5);
        Assert.Equal(record.LearningRate, trainer.LearningRateAt(0, 6));
    }

    /// <summary>
    /// One epoch by hand: Adam with the run's settings, the trainer's batches and (if asked) its learning rates; without
    /// <paramref name="seedDropout"/>, the same batches straight from the loader, dropout left unseeded.
    /// </summary>
    private static List<double> Epoch(Trainer run, int epoch, bool scheduled, optim.Optimizer? optimizer = null, bool seedDropout = true)
    {
        var config = run.Config;
        var owned = optimizer is null;
        optimizer ??= optim.Adam(run.Model.parameters(), config.LearningRate, weight_decay: config.WeightDecay);
        var losses = new List<double>();
        run.Model.train();
        var b = 0;
        foreach (var batch in seedDropout ? run.TrainingBatches(epoch) : run.Data.Train.Epoch(epoch))
        {
            using var scope = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = scheduled ? run.LearningRateAt(epoch, b) : config.LearningRate;
            }

            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(run.Model.call(batch.Images), batch.Labels);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
            b++;
        }

        if (owned)
        {
            optimizer.Dispose();
        }

        return losses;
    }
}
