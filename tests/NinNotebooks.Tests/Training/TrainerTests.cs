using NinNotebooks.Modules;
using NinNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Training;

public class TrainerTests
{
    /// <summary>The plain path, float32 on the fast path's layout, and the CPU fast path (bfloat16, channels-last).</summary>
    public static TheoryData<Precision, MemoryLayout> Paths => new()
    {
        { Precision.Float32, MemoryLayout.ChannelsFirst },
        { Precision.Float32, MemoryLayout.ChannelsLast },
        { Precision.BFloat16, MemoryLayout.ChannelsLast },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void SameSeed_GivesIdenticalHistories_OtherSeedsDiffer(Precision precision, MemoryLayout layout)
    {
        using var data = TinySetup.Data();
        var config = TinySetup.Training() with { Precision = precision, Layout = layout };

        var first = Train(config, data);
        var second = Train(config, data);
        var other = Train(config with { Seed = 6 }, data);

        Assert.Equal(Losses(first), Losses(second));
        Assert.NotEqual(Losses(first), Losses(other));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Resume_TwoEpochsStraight_EqualOneEpochSaveLoadOneMore(Precision precision, MemoryLayout layout)
    {
        using var data = TinySetup.Data();
        using var run = new TemporaryDirectory();
        var config = TinySetup.Training() with { Precision = precision, Layout = layout };
        using var straight = new Trainer(config, TinySetup.Model, data);
        straight.Run();

        using (var firstHalf = new Trainer(config, TinySetup.Model, data, run.Path))
        {
            firstHalf.TrainEpoch();
        }

        using var resumed = new Trainer(config, TinySetup.Model, data);
        resumed.LoadCheckpoint(RunFolder.LastCheckpointOf(run.Path));
        Assert.Equal(1, resumed.CompletedEpochs);
        resumed.Run();

        Assert.Equal(Losses(straight.History), Losses(resumed.History));
        foreach (var ((name, a), (_, b)) in straight.Model.named_parameters().Zip(resumed.Model.named_parameters()))
        {
            Assert.True(a.equal(b).all().item<bool>(), $"parameter {name} differs after resuming");
        }
    }

    [Fact]
    public void RunFolder_GetsHistoryCheckpointsAndConfig_AfterEveryEpoch()
    {
        using var data = TinySetup.Data();
        using var run = new TemporaryDirectory();
        using var trainer = new Trainer(TinySetup.Training(), TinySetup.Model, data, run.Path);
        var seen = new List<int>();
        trainer.EpochCompleted += e => seen.Add(e.Epoch);

        trainer.Run();

        Assert.Equal([1, 2], seen);
        Assert.Equal(["best.ckpt", "config.json", "history.csv", "history.json", "last.ckpt"], Directory.EnumerateFiles(run.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(2, TrainingHistory.FromJson(File.ReadAllText(run.File("history.json"))).Epochs.Count);
        Assert.Equal(3, File.ReadAllLines(run.File("history.csv")).Length);
        Assert.Equal(2, Checkpoint.ReadHeader(run.File("last.ckpt")).CompletedEpochs);
        Assert.Equal(trainer.History.Best!.Epoch, Checkpoint.ReadHeader(run.File("best.ckpt")).CompletedEpochs);
        Assert.Equal(TinySetup.Training(), TrainingConfig.FromJson(File.ReadAllText(run.File("config.json"))) with { Milestones = TinySetup.Training().Milestones });
    }

    [Fact]
    public void Progress_ReportsEpochBatchLossRateAndEta()
    {
        using var data = TinySetup.Data();
        var recorder = new NinNotebooks.Tests.Progress.ProgressRecorder();
        using var trainer = new Trainer(TinySetup.Training(epochs: 1), TinySetup.Model, data) { Progress = recorder };

        trainer.TrainEpoch();

        var last = recorder.Reports[^1];
        Assert.Equal("epoch 1/1", last.Task);
        Assert.Equal((192.0, 192.0, "img"), (last.Done, last.Total!.Value, last.Unit));
        Assert.Matches(@"^batch 6/6  loss \d+\.\d{4}$", last.Detail);
        Assert.True(last.Rate > 0);
        Assert.StartsWith("batch 1/6  loss ", recorder.Reports[0].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AModelThatContradictsTheBatchNormSetting_IsRefused_NamingIt(bool setting)
    {
        using var data = TinySetup.Data();
        var config = TinySetup.Training() with { BatchNorm = setting };

        var error = Assert.Throws<ArgumentException>(() => new Trainer(config, () => new NiN(TinySetup.Config, batchNorm: !setting), data));

        Assert.StartsWith($"BatchNorm is {(setting ? "true" : "false")}, but the model nin-tiny has {(setting ? "none" : "BatchNorm layers")}", error.Message, StringComparison.Ordinal);
        using var matching = new Trainer(config, () => new NiN(TinySetup.Config, batchNorm: setting), data);
        Assert.Equal(setting, matching.Model.modules().Any(m => m is TorchSharp.Modules.BatchNorm2d));
    }

    [Fact]
    public void LiveTensorCount_IsTheSameAfterEveryEpoch()
    {
        using var data = TinySetup.Data();
        using var trainer = new Trainer(TinySetup.Training(epochs: 4), TinySetup.Model, data);
        var counts = new List<long>();

        for (var epoch = 0; epoch < 4; epoch++)
        {
            trainer.TrainEpoch();
            counts.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        Assert.Single(counts.Distinct());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void NaNLoss_StopsNamingEpochAndBatch_AndKeepsTheLastGoodCheckpoint(Precision precision, MemoryLayout layout)
    {
        using var data = TinySetup.Data();
        using var run = new TemporaryDirectory();
        var config = TinySetup.Training(epochs: 3) with { Precision = precision, Layout = layout };

        // Forward passes: 1 to check the model fits, then 6 training and 2 test batches per epoch; the 10th is epoch 2's first batch.
        using var trainer = new Trainer(config, () => new PoisonedAfter(TinySetup.Model(), goodCalls: 9), data, run.Path);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run());

        Assert.Equal(2, error.Epoch);
        Assert.Equal(1, error.Batch);
        Assert.Contains("Training diverged in epoch 2, batch 1: the loss was NaN", error.Message);
        Assert.Contains(RunFolder.LastCheckpointOf(run.Path), error.Message);
        Assert.Equal(1, Checkpoint.ReadHeader(RunFolder.LastCheckpointOf(run.Path)).CompletedEpochs);
        Assert.Empty(Directory.EnumerateFiles(run.Path, "*.tmp"));
    }

    [Fact]
    public void Compute_FollowsThePrecisionAndLayoutSettings()
    {
        using var data = TinySetup.Data();
        using var plain = new Trainer(TinySetup.Training() with { Precision = Precision.Float32 }, TinySetup.Model, data);
        using var fast = new Trainer(TinySetup.Training() with { Precision = Precision.BFloat16 }, TinySetup.Model, data);
        using var auto = new Trainer(TinySetup.Training(), TinySetup.Model, data);

        Assert.Equal("float32, channels-first", plain.Compute.ToString());
        Assert.Equal("bfloat16 autocast (float32 weights), channels-last", fast.Compute.ToString());
        Assert.Equal(ComputePath.Resolve(CPU).ToString(), auto.Compute.ToString());
    }

    [Fact]
    public void FastPath_WritesFloat32Checkpoints_ThatThePlainPathLoadsAndContinues()
    {
        using var data = TinySetup.Data();
        using var run = new TemporaryDirectory();
        using var fast = new Trainer(TinySetup.Training() with { Precision = Precision.BFloat16 }, TinySetup.Model, data, run.Path);
        fast.TrainEpoch();

        var plainConfig = TinySetup.Training() with { Precision = Precision.Float32, Layout = MemoryLayout.ChannelsLast };
        using var plain = new Trainer(plainConfig, TinySetup.Model, data);
        plain.LoadCheckpoint(RunFolder.LastCheckpointOf(run.Path));

        Assert.Equal(1, plain.CompletedEpochs);
        foreach (var ((name, a), (_, b)) in fast.Model.named_parameters().Zip(plain.Model.named_parameters()))
        {
            Assert.Equal(ScalarType.Float32, b.dtype);
            Assert.True(b.is_contiguous(), $"{name} is not stored in the usual layout");
            Assert.True(a.equal(b).all().item<bool>(), $"parameter {name} differs after loading");
        }

        var (_, fastAccuracy) = fast.Evaluate();
        var (_, plainAccuracy) = plain.Evaluate();
        Assert.InRange(Math.Abs(fastAccuracy - plainAccuracy), 0, 2.0 / 64);
        plain.TrainEpoch();
        Assert.Equal(2, plain.History.Epochs.Count);
    }

    [Fact]
    public void ExplodingLoss_AboveMaxLoss_IsCaughtToo()
    {
        using var data = TinySetup.Data();
        using var trainer = new Trainer(TinySetup.Training() with { MaxLoss = 0.01 }, TinySetup.Model, data);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.TrainEpoch());

        Assert.Equal((1, 1), (error.Epoch, error.Batch));
        Assert.True(error.Loss > 0.01);
    }

    [Fact]
    public void AModelThatDoesNotFitTheData_IsRejectedBeforeTraining()
    {
        using var data = TinySetup.Data();
        static NinNotebooks.Modules.NiN Wrong() => new(NinNotebooks.Modules.NinConfig.Cifar100);

        // TorchSharp itself keeps one handle per layer after a model is disposed; the trainer must add none.
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Wrong().Dispose();
        var modelAlone = DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var error = Assert.Throws<ArgumentException>(() => new Trainer(TinySetup.Training(), Wrong, data));

        Assert.Contains("outputs [2, 100] for a batch of 2, but synthetic train has 10 classes", error.Message);
        Assert.Equal(modelAlone, DisposeScopeManager.Statistics.ThreadTotalLiveCount - before);
    }

    [Fact]
    public void PaperRecipe_GivesBiasesTwiceAndTheLastLayerATenthOfTheRate_WithoutDecayOnBiases()
    {
        using var data = TinySetup.Data();
        var config = TrainingConfig.Paper(epochs: 2) with { Dataset = "synthetic", Device = "cpu", TrainSubset = 64, Preprocessing = Preprocessing.Standardize };
        using var trainer = new Trainer(config, TinySetup.Model, data);

        var groups = trainer.ParameterGroups().ToDictionary(g => (g.Bias, g.LastLayer));

        Assert.Equal(4, groups.Count);
        Assert.Equal((0.1, 1e-4), (groups[(false, false)].LearningRate, groups[(false, false)].WeightDecay));
        Assert.Equal((0.2, 0.0), (groups[(true, false)].LearningRate, groups[(true, false)].WeightDecay));
        Assert.Equal((0.01, 1e-4), (groups[(false, true)].LearningRate, groups[(false, true)].WeightDecay), new ToleranceComparer());
        Assert.Equal((0.02, 0.0), (groups[(true, true)].LearningRate, groups[(true, true)].WeightDecay), new ToleranceComparer());
        Assert.Equal(["body.mlpconv3.cccp2.weight"], groups[(false, true)].Names);
    }

    [Fact]
    public void Evaluate_UsesEvalModeAndNoGradients()
    {
        using var data = TinySetup.Data();
        using var trainer = new Trainer(TinySetup.Training(), TinySetup.Model, data);

        var first = trainer.Evaluate();
        var second = trainer.Evaluate();

        Assert.Equal(first, second);
        Assert.All(trainer.Model.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
    }

    private static TrainingHistory Train(TrainingConfig config, NinNotebooks.Data.DatasetSplits data)
    {
        using var trainer = new Trainer(config, TinySetup.Model, data);
        return trainer.Run();
    }

    private static double[] Losses(TrainingHistory history) =>
        [.. history.Epochs.SelectMany(e => new[] { e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy, e.LearningRate })];

    /// <summary>Wraps a model and makes its output NaN after <c>goodCalls</c> forward passes.</summary>
    private sealed class PoisonedAfter : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> inner;
        private readonly int _goodCalls;
        private int _calls;

        public PoisonedAfter(nn.Module<Tensor, Tensor> model, int goodCalls)
            : base("poisoned")
        {
            inner = model;
            _goodCalls = goodCalls;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var output = inner.forward(input);
            return ++_calls > _goodCalls ? output * double.NaN : output;
        }
    }

    private sealed class ToleranceComparer : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < 1e-12 && Math.Abs(x.Item2 - y.Item2) < 1e-12;

        public int GetHashCode((double, double) obj) => 0;
    }
}
