using NinNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Training;

public class LossScalerTests
{
    [Fact]
    public void Disabled_IsAPlainBackwardAndStep()
    {
        var (weight, optimizer) = Setup(1.0f);
        var scaler = new LossScaler(enabled: false);

        Assert.True(scaler.BackwardAndStep((weight * 3).sum(), optimizer));

        Assert.Equal(1.0f - (0.5f * 3), weight[0].item<float>());
        Assert.Equal(1, scaler.Scale);
    }

    [Fact]
    public void Enabled_ScalesTheLoss_AndUnscalesTheGradientsBeforeTheStep()
    {
        var (weight, optimizer) = Setup(1.0f);
        var scaler = new LossScaler(enabled: true, initialScale: 1024);

        Assert.True(scaler.BackwardAndStep((weight * 3).sum(), optimizer));

        Assert.Equal(3f, weight.grad![0].item<float>());
        Assert.Equal(1.0f - (0.5f * 3), weight[0].item<float>());
        Assert.Equal((1024.0, 0), (scaler.Scale, scaler.SkippedSteps));
    }

    [Fact]
    public void Overflow_SkipsTheStepAndHalvesTheScale_GoodStepsDoubleIt_ResetRestarts()
    {
        var (weight, optimizer) = Setup(1.0f);
        var scaler = new LossScaler(enabled: true, initialScale: 1024, growthInterval: 2);

        // 1e36 x 1024 overflows float32 (and float16 long before): the gradient is infinite.
        Assert.False(scaler.BackwardAndStep((weight * 1e36f).sum(), optimizer));
        Assert.Equal(1.0f, weight[0].item<float>());
        Assert.Equal((512.0, 1), (scaler.Scale, scaler.SkippedSteps));

        for (var step = 0; step < 2; step++)
        {
            optimizer.zero_grad();
            Assert.True(scaler.BackwardAndStep(weight.sum(), optimizer));
        }

        Assert.Equal(1024.0, scaler.Scale);
        scaler.Reset();
        Assert.Equal((1024.0, 0), (scaler.Scale, scaler.SkippedSteps));
    }

    [Fact]
    public void GradientsThatNeverFit_StopTrainingWithAnError()
    {
        var (weight, optimizer) = Setup(1.0f);
        var scaler = new LossScaler(enabled: true, initialScale: 2 * LossScaler.MinScale);

        Assert.False(scaler.BackwardAndStep((weight * float.PositiveInfinity).sum(), optimizer));
        optimizer.zero_grad();
        var error = Assert.Throws<InvalidOperationException>(() => scaler.BackwardAndStep((weight * float.PositiveInfinity).sum(), optimizer));

        Assert.Contains("train with bfloat16 or float32", error.Message);
    }

    [Fact]
    public void For_EnablesScalingForFloat16Only()
    {
        Assert.True(LossScaler.For(ComputePath.Resolve(CPU, Precision.Float16)).Enabled);
        Assert.False(LossScaler.For(ComputePath.Resolve(CPU, Precision.BFloat16)).Enabled);
        Assert.False(LossScaler.For(ComputePath.Plain(CPU)).Enabled);
    }

    private static (TorchSharp.Modules.Parameter Weight, optim.Optimizer Optimizer) Setup(float value)
    {
        var weight = new TorchSharp.Modules.Parameter(full(1, value));
        return (weight, optim.SGD([weight], 0.5));
    }
}
