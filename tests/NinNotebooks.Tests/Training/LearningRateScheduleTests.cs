using NinNotebooks.Training;

namespace NinNotebooks.Tests.Training;

public class LearningRateScheduleTests
{
    private static double Factor(TrainingConfig config, int epoch, int batch = 0) => LearningRateSchedule.Factor(config, epoch, batch, 10);

    [Fact]
    public void Step_DividesByTenAtEachMilestone()
    {
        var config = new TrainingConfig { Epochs = 260, Schedule = ScheduleKind.Step, Milestones = [200, 230], WarmupEpochs = 0 };

        Assert.Equal(1, Factor(config, 0));
        Assert.Equal(1, Factor(config, 199, 9));
        Assert.Equal(0.1, Factor(config, 200), 12);
        Assert.Equal(0.01, Factor(config, 230), 12);
        Assert.Equal(0.01, Factor(config, 259, 9), 12);
    }

    [Fact]
    public void Cosine_FallsFromOneToZero()
    {
        var config = new TrainingConfig { Epochs = 10, Schedule = ScheduleKind.Cosine, WarmupEpochs = 0 };

        Assert.Equal(1, Factor(config, 0));
        Assert.Equal(0.5, Factor(config, 5), 12);
        Assert.True(Factor(config, 9, 9) < 0.001);
    }

    [Fact]
    public void OneCycle_RisesFromATwentyFifthToThePeakAt30Percent_ThenFallsToNearlyZero()
    {
        var config = new TrainingConfig { Epochs = 10, Schedule = ScheduleKind.OneCycle, WarmupEpochs = 0 };

        Assert.Equal(1 / 25.0, Factor(config, 0), 12);
        Assert.Equal(1, Factor(config, 3), 12);
        Assert.True(Factor(config, 2) < Factor(config, 3) && Factor(config, 4) < Factor(config, 3));
        Assert.True(Factor(config, 9, 9) < 0.001);
    }

    [Fact]
    public void Warmup_RampsLinearlyPerBatch()
    {
        var config = new TrainingConfig { Epochs = 10, Schedule = ScheduleKind.Constant, WarmupEpochs = 2 };

        Assert.Equal(0.05, Factor(config, 0, 0), 12);
        Assert.Equal(0.55, Factor(config, 1, 0), 12);
        Assert.Equal(1, Factor(config, 2, 0), 12);
    }
}
