using NinNotebooks.Data;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Data;

public class ChannelNormalizationTests
{
    [Fact]
    public void Fit_MeasuresEachChannel_AndApplyStandardisesIt()
    {
        using var scope = NewDisposeScope();
        var channels = stack([full(7, 4, 4, 51, dtype: ScalarType.Byte), randint(0, 256, [7, 4, 4], dtype: ScalarType.Byte), full(7, 4, 4, 255, dtype: ScalarType.Byte)], 1);
        channels[.., 2, 0, 0] = tensor((byte)0);

        using var norm = ChannelNormalization.Fit(channels);
        var output = norm.Apply(channels);

        Assert.Equal(0.2f, norm.Mean[0], 5);
        Assert.Equal(ScalarType.Float32, output.dtype);
        var mean = output.mean([0, 2, 3]);
        var std = output.std([0, 2, 3], unbiased: false);
        Assert.True(mean.narrow(0, 1, 2).abs().max().item<float>() < 1e-4f);
        Assert.True((std.narrow(0, 1, 2) - 1).abs().max().item<float>() < 1e-3f);
    }

    [Fact]
    public void Apply_NeverChangesAFloatInput()
    {
        using var scope = NewDisposeScope();
        using var norm = new ChannelNormalization([0.5f], [0.25f]);
        var input = full(2, 1, 2, 2, 255f);

        var output = norm.Apply(input);

        Assert.Equal(2f, output[0, 0, 0, 0].item<float>(), 5);
        Assert.Equal(255f, input[0, 0, 0, 0].item<float>());
    }

    [Fact]
    public void NonPositiveStd_IsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new ChannelNormalization([0.5f, 0.5f], [0.2f, 0f]));

        Assert.Contains("one mean and one positive std per channel", error.Message);
    }

    [Fact]
    public void ToString_ShowsTheFigures()
    {
        using var norm = new ChannelNormalization([0.4914f, 0.4822f, 0.4465f], [0.247f, 0.2435f, 0.2616f]);

        Assert.Equal("mean (0.491, 0.482, 0.447), std (0.247, 0.244, 0.262)", norm.ToString());
    }

    [Fact]
    public void Apply_ReusesItsConstants_BatchAfterBatch()
    {
        using var norm = new ChannelNormalization([0.5f], [0.25f]);
        using var batch = zeros(1, 1, 2, 2, dtype: ScalarType.Byte);
        long Created() => TorchSharp.DisposeScopeManager.Statistics.CreatedInScopeCount + TorchSharp.DisposeScopeManager.Statistics.CreatedOutsideScopeCount;
        using (NewDisposeScope())
        {
            norm.Apply(batch);
        }

        var before = Created();
        using (NewDisposeScope())
        {
            norm.Apply(batch);
        }

        var perBatch = Created() - before;
        using (NewDisposeScope())
        {
            Assert.Equal(-2f, norm.Apply(batch)[0, 0, 0, 0].item<float>(), 5);
        }

        Assert.True(perBatch == 1, $"{perBatch} tensors made per batch (only the output is expected): the mean and std constants were rebuilt");
    }
}
