using NinNotebooks.Setup;
using NinNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Training;

public class ComputePathTests
{
    /// <summary>
    /// The float32 reference, in the same layout as the fast path so that only the precision differs.
    /// </summary>
    private static readonly ComputePath Float32ChannelsLast = ComputePath.Resolve(CPU, Precision.Float32, MemoryLayout.ChannelsLast);

    [Fact]
    public void Auto_OnACpu_IsBFloat16ChannelsLastWhereTheCpuComputesIt_ElsePlain()
    {
        var path = ComputePath.Resolve(CPU);

        Assert.Equal(CpuFeatures.HasNativeBFloat16 ? Precision.BFloat16 : Precision.Float32, path.Precision);
        Assert.Equal(CpuFeatures.HasNativeBFloat16 ? MemoryLayout.ChannelsLast : MemoryLayout.ChannelsFirst, path.Layout);
        Assert.False(path.NeedsLossScaling);
    }

    [Fact]
    public void Plain_IsFloat32ChannelsFirst_AndExplicitSettingsAreKept()
    {
        var plain = ComputePath.Plain(CPU);
        var half = ComputePath.Resolve(CPU, Precision.Float16, MemoryLayout.ChannelsFirst);

        Assert.Equal((Precision.Float32, MemoryLayout.ChannelsFirst, false), (plain.Precision, plain.Layout, plain.IsMixedPrecision));
        Assert.Equal("float32, channels-first", plain.ToString());
        Assert.Equal((Precision.Float16, MemoryLayout.ChannelsFirst, true), (half.Precision, half.Layout, half.NeedsLossScaling));
        Assert.Equal(MemoryLayout.ChannelsFirst, ComputePath.Resolve(CPU, Precision.Float32).Layout);
        Assert.Equal(MemoryLayout.ChannelsLast, ComputePath.Resolve(CPU, Precision.Float16).Layout);
        Assert.Equal("bfloat16 autocast (float32 weights), channels-last", ComputePath.Resolve(CPU, Precision.BFloat16).ToString());
    }

    [Fact]
    public void PrepareInput_ChannelsLast_KeepsShapeAndValues_WithPixelMajorStrides()
    {
        using var scope = NewDisposeScope();
        var images = randn(2, 3, 4, 5);

        var nhwc = ComputePath.Resolve(CPU, Precision.Float32, MemoryLayout.ChannelsLast).PrepareInput(images);
        var nchw = ComputePath.Plain(CPU).PrepareInput(images);

        Assert.Equal(images.shape, nhwc.shape);
        Assert.True(nhwc.equal(images).all().item<bool>());
        Assert.Equal([60L, 1, 15, 3], nhwc.stride());
        Assert.Equal([60L, 20, 5, 1], nchw.stride());
        Assert.Equal([6L], ComputePath.Resolve(CPU, Precision.Float32, MemoryLayout.ChannelsLast).PrepareInput(ones(6)).shape);
    }

    [Fact]
    public void Forward_ChannelsLast_LeavesConvolutionOutputChannelsLast()
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(3, 8, 3, padding: 1);

        var output = ComputePath.Resolve(CPU, Precision.Float32, MemoryLayout.ChannelsLast).Forward(conv, randn(2, 3, 6, 6));

        Assert.Equal([288L, 1, 48, 8], output.stride());
    }

    [Fact]
    public void Forward_BFloat16_ComputesInBFloat16_AndReturnsFloat32CloseToFloat32()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = TinySetup.Model();
        model.eval();
        using var noGrad = no_grad();
        var images = randn(16, 3, 32, 32);

        var reference = Float32ChannelsLast.Forward(model, images);
        var fast = ComputePath.Resolve(CPU, Precision.BFloat16).Forward(model, images);

        Assert.Equal(ScalarType.Float32, fast.dtype);
        Assert.False(fast.equal(reference).all().item<bool>(), "bfloat16 gave float32's exact output: autocast did not act");
        var error = (fast - reference).abs().max().item<float>() / reference.abs().max().item<float>();
        Assert.InRange(error, 0, 0.05);
        Assert.True(model.parameters().All(p => p.dtype == ScalarType.Float32));
        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
    }

    [Fact]
    public void Forward_RestoresAutocastState_WhenTheModelThrows()
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(3, 8, 3);

        Assert.ThrowsAny<Exception>(() => ComputePath.Resolve(CPU, Precision.BFloat16).Forward(conv, randn(2, 5, 6, 6)));

        Assert.False(Autocast.IsEnabled(DeviceType.CPU));
        using var output = conv.forward(randn(1, 3, 6, 6));
        Assert.Equal(ScalarType.Float32, output.dtype);
    }

    [Fact]
    public void Backward_BFloat16_SendsFloat32GradientsToTheWeights_PointingWhereFloat32Does()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var model = TinySetup.Model();
        model.eval();
        var images = randn(32, 3, 32, 32);
        var labels = randint(0, 10, 32);

        var plain = Gradients(Float32ChannelsLast);
        var fast = Gradients(ComputePath.Resolve(CPU, Precision.BFloat16));

        foreach (var (name, g) in fast)
        {
            Assert.Equal(ScalarType.Float32, g.dtype);
            var cosine = (g * plain[name]).sum().item<float>() / (g.norm().item<float>() * plain[name].norm().item<float>());
            Assert.True(cosine > 0.95, $"{name}: cosine similarity {cosine} between bfloat16 and float32 gradients");
        }

        Dictionary<string, Tensor> Gradients(ComputePath path)
        {
            model.zero_grad();
            nn.functional.cross_entropy(path.Forward(model, images), labels).backward();
            return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        }
    }
}
