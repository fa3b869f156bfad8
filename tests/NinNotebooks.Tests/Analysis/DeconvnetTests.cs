using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Analysis;

public class DeconvnetTests
{
    /// <summary>One 3×3 convolution (padding 1) with one input and two output channels, then ReLU, on 1×6×6 images.</summary>
    private static readonly NinConfig OneConv = new("one-conv", 1, 6, 2, [new(3, 1, [2])]);

    /// <summary>A random small NiN on 3×16×16 images (widths of 16; <see cref="NarrowConvolutions_AreTransposedCorrectly"/> tries others).</summary>
    private static NiN Model(NinPool pool = NinPool.Max, bool batchNorm = false, double dropout = 0, int seed = 4)
    {
        manual_seed(seed);
        var tiny = ReceptiveFieldTests.Tiny(pool);
        var config = tiny with { Stages = [.. tiny.Stages.Select(s => s.Pool == NinPool.None ? s : s with { Dropout = dropout })] };
        return new NiN(config, batchNorm: batchNorm);
    }

    /// <summary>
    /// A 5×5 convolution with 4 or 10 output channels: widths that are not a multiple of 16, where libtorch 2.10's oneDNN
    /// transposes float32 k×k convolutions wrongly on some CPUs (up to a third of the result, this project's machines
    /// among them). The projection must equal the transpose computed in float64.
    /// </summary>
    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    public void NarrowConvolutions_AreTransposedCorrectly(int width)
    {
        manual_seed(9);
        using var model = new NiN(new NinConfig("narrow", 3, 16, width, [new(5, 2, [width])]));
        using var image = randn(3, 16, 16);
        using var maps = model.ForwardStages(image.unsqueeze(0))[0];                  // 1 x width x 16 x 16, after the ReLU

        using var projection = Deconvnet.Project(model, image, stage: 0, channel: 1, strongestOnly: false);

        using var selected = zeros_like(maps, dtype: ScalarType.Float64);
        selected[0, 1] = maps[0, 1].to(ScalarType.Float64);
        var weight = model.Blocks[0].Convolutions[0].weight!.detach().to(ScalarType.Float64);
        using var expected = nn.functional.conv_transpose2d(nn.functional.relu(selected), weight, padding: [2, 2])[0].to(ScalarType.Float32);
        Assert.True(projection.allclose(expected, rtol: 1e-4, atol: 1e-5), $"largest difference {(projection - expected).abs().max().item<float>()}");
    }

    /// <summary>The one-convolution network with the given weights (2 x 1 x 3 x 3) and zero bias, in eval mode.</summary>
    private static NiN OneConvModel(Tensor weight, bool batchNorm = false)
    {
        var model = new NiN(OneConv, batchNorm: batchNorm);
        using var noGrad = no_grad();
        var conv = model.Blocks[0].Convolutions[0];
        conv.weight!.copy_(weight);
        conv.bias!.zero_();
        return model;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Project_GivesAnImageOfTheInputsShape_OnTheCpu(int stage)
    {
        using var model = Model();
        using var image = randn(3, 16, 16);
        using var projection = Deconvnet.Project(model, image, stage, channel: 2);
        Assert.Equal(image.shape, projection.shape);
        Assert.Equal(ScalarType.Float32, projection.dtype);
        Assert.Equal(TorchSharp.DeviceType.CPU, projection.device_type);
    }

    /// <summary>
    /// Going back from one position can only reach the pixels that position sees: the nonzero pixels of the projection lie
    /// inside its receptive field. Ties the deconvnet to <see cref="ReceptiveField"/>.
    /// </summary>
    [Theory]
    [InlineData(NinPool.Max, false, 1)]
    [InlineData(NinPool.Max, false, 2)]
    [InlineData(NinPool.Average, false, 2)]
    [InlineData(NinPool.Max, true, 2)]
    public void FromTheStrongestActivation_TheProjectionStaysInsideItsReceptiveField(NinPool pool, bool batchNorm, int stage)
    {
        using var model = Model(pool, batchNorm);
        var field = ReceptiveField.Of(model.Config, stage);
        manual_seed(5);
        for (var trial = 0; trial < 3; trial++)
        {
            using var image = randn(3, 16, 16);
            var maps = StageMaps.Of(model, image);
            using var map = maps[stage];
            var channel = (int)map.amax([1L, 2L]).argmax().item<long>();   // the channel with the highest activation
            var strongest = map[channel].flatten().argmax().item<long>();
            var (y, x) = ((int)(strongest / map.shape[2]), (int)(strongest % map.shape[2]));

            using var projection = Deconvnet.Project(model, image, stage, channel);

            using var reached = projection.abs().sum([0L]).gt(0);
            using var inside = ReceptiveFieldTests.Inside(field, y, x, 16);
            Assert.True(reached.any().item<bool>());
            Assert.False((reached & ~inside).any().item<bool>(), $"trial {trial}: pixels outside the field of ({y}, {x})");
            foreach (var m in maps)
            {
                m.Dispose();
            }
        }
    }

    /// <summary>
    /// One convolution: the strongest activation v at (y, x) goes back as v times the channel's filter, laid over the
    /// 3×3 window the filter read (the transpose of the convolution), cut at the border.
    /// </summary>
    [Fact]
    public void OneConvolution_GivesTheStrongestActivationTimesItsFilter()
    {
        using var weight = arange(18, dtype: ScalarType.Float32).reshape(2, 1, 3, 3) / 10 - 0.6;
        using var model = OneConvModel(weight);
        manual_seed(6);
        using var image = rand(1, 6, 6);
        const int channel = 1;

        using var projection = Deconvnet.Project(model, image, stage: 0, channel);

        using var map = model.ForwardStages(image.unsqueeze(0))[0][0, channel];   // 6 x 6
        var strongest = map.flatten().argmax().item<long>();
        var (y, x, v) = ((int)(strongest / 6), (int)(strongest % 6), map.max().item<float>());
        var expected = new float[6, 6];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var (row, column) = (y - 1 + i, x - 1 + j);
                if (row is >= 0 and < 6 && column is >= 0 and < 6)
                {
                    expected[row, column] = v * weight[channel, 0, i, j].item<float>();
                }
            }
        }

        using var expectedTensor = tensor(expected).unsqueeze(0);
        Assert.True(projection.allclose(expectedTensor, rtol: 1e-5, atol: 1e-6));

        // and the same as conv_transpose2d of the one-hot map, computed directly
        using var oneHot = zeros(1, 2, 6, 6);
        oneHot[0, channel, y, x] = v;
        using var direct = nn.functional.conv_transpose2d(oneHot, weight, padding: [1, 1]);
        Assert.True(projection.allclose(direct[0], rtol: 1e-5, atol: 1e-6));
    }

    /// <summary>A map with two peaks: strongestOnly keeps the higher one, otherwise both come back.</summary>
    [Fact]
    public void StrongestOnly_KeepsOnePeak_AndTheWholeMapKeepsBoth()
    {
        using var weight = zeros(2, 1, 3, 3);
        weight[0, 0, 1, 1] = 1;                         // channel 0 copies the image: relu(image)
        using var model = OneConvModel(weight);
        using var image = zeros(1, 6, 6);
        image[0, 1, 1] = 5;
        image[0, 4, 3] = 3;

        using var strongest = Deconvnet.Project(model, image, stage: 0, channel: 0);
        using var whole = Deconvnet.Project(model, image, stage: 0, channel: 0, strongestOnly: false);

        using var onlyFirst = zeros(1, 6, 6);
        onlyFirst[0, 1, 1] = 5;
        Assert.True(strongest.allclose(onlyFirst));
        Assert.True(whole.allclose(image));
    }

    /// <summary>
    /// Unpooling puts each value back where its window's maximum was (the switch). Identity 1×1 convolutions around a
    /// 3/2 max pooling: the bright pixel at (3, 4) comes back there, alone. It wins two overlapping windows, so the
    /// whole map brings it back twice (the transpose of the pooling adds them).
    /// </summary>
    [Fact]
    public void Unpooling_ReturnsEachValueToItsSwitch()
    {
        var config = new NinConfig("pool", 1, 8, 1, [new(1, 0, [1], NinPool.Max), new(1, 0, [1])]);
        using var model = ReceptiveFieldTests.AllOnes(config);
        manual_seed(7);
        using var image = rand(1, 8, 8) * 0.5;
        image[0, 3, 4] = 5;

        using var strongest = Deconvnet.Project(model, image, stage: 1, channel: 0);
        using var whole = Deconvnet.Project(model, image, stage: 1, channel: 0, strongestOnly: false);

        using var expected = zeros(1, 8, 8);
        expected[0, 3, 4] = 5;
        Assert.True(strongest.allclose(expected));
        Assert.Equal(10, whole[0, 3, 4].item<float>(), 5);
    }

    /// <summary>
    /// Unpool is the transpose of the 3/2 max pooling: for any map r, ⟨Unpool(r), x⟩ = ⟨r, pool(x)⟩, because pool(x)
    /// reads x at the switches; and every value lands on its window's maximum, nowhere else.
    /// </summary>
    [Fact]
    public void Unpool_IsTheTransposeOfTheMaxPooling()
    {
        using var generator = new Generator(3, CPU);
        using var x = randn([2, 3, 9, 9], dtype: ScalarType.Float64, generator: generator);
        using var r = randn([2, 3, 4, 4], dtype: ScalarType.Float64, generator: generator);
        using var pool = nn.MaxPool2d(3, stride: 2, ceil_mode: true);
        var (pooled, switches) = pool.forward_with_indices(x);

        using var back = Deconvnet.Unpool(r, switches, x.shape);

        Assert.Equal(x.shape, back.shape);
        Assert.Equal((r * pooled).sum().item<double>(), (back * x).sum().item<double>(), 10);
        using var hits = Deconvnet.Unpool(ones_like(r), switches, x.shape) > 0;
        using var maxima = zeros_like(x).flatten(2).scatter(2, switches.flatten(2), ones(switches.flatten(2).shape, dtype: ScalarType.Float64)).view(x.shape) > 0;
        Assert.True((hits == maxima).all().item<bool>());
    }

    [Fact]
    public void Project_LeavesATrainingModelTraining_AndIgnoresDropout()
    {
        using var model = Model(dropout: 0.5);
        using var image = randn(3, 16, 16);
        model.train();

        using var first = Deconvnet.Project(model, image, stage: 2, channel: 1, strongestOnly: false);
        Assert.True(model.training);
        using var second = Deconvnet.Project(model, image, stage: 2, channel: 1, strongestOnly: false);
        Assert.True(first.allclose(second, rtol: 0, atol: 0));

        model.eval();
        using var third = Deconvnet.Project(model, image, stage: 2, channel: 1, strongestOnly: false);
        Assert.False(model.training);
        Assert.True(first.allclose(third, rtol: 0, atol: 0));
    }

    /// <summary>
    /// With BatchNorm the way back multiplies by weight / √(running variance + ε) and leaves out the shift. One identity
    /// convolution, BatchNorm with weight 2, bias 0.5, mean 0.1, variance 3: the peak a = relu(2·(4 − 0.1)/√3 + 0.5)
    /// comes back as a·2/√3.
    /// </summary>
    [Fact]
    public void WithBatchNorm_TheWayBackScalesByTheNormsScale()
    {
        using var weight = zeros(2, 1, 3, 3);
        weight[0, 0, 1, 1] = 1;
        using var model = OneConvModel(weight, batchNorm: true);
        var norm = model.Blocks[0].children().OfType<BatchNorm2d>().Single();
        using (no_grad())
        {
            norm.weight!.fill_(2);
            norm.bias!.fill_(0.5);
            norm.running_mean!.fill_(0.1);
            norm.running_var!.fill_(3);
        }

        using var image = zeros(1, 6, 6);
        image[0, 2, 2] = 4;

        using var projection = Deconvnet.Project(model, image, stage: 0, channel: 0);

        var scale = 2 / Math.Sqrt(3 + norm.eps);
        var peak = ((4 - 0.1) * scale) + 0.5;
        Assert.Equal(peak * scale, projection[0, 2, 2].item<float>(), 4);
        Assert.Equal(1, projection.ne(0).sum().item<long>());
    }

    [Fact]
    public void WithBatchNorm_ARandomNetworkGivesAFiniteProjection()
    {
        using var model = Model(batchNorm: true);
        using (no_grad())
        {
            foreach (var norm in model.modules().OfType<BatchNorm2d>())
            {
                norm.running_mean!.normal_(0, 0.5);
                norm.running_var!.uniform_(0.5, 2);
            }
        }

        using var image = randn(3, 16, 16);
        using var projection = Deconvnet.Project(model, image, stage: 2, channel: 0, strongestOnly: false);
        Assert.True(projection.isfinite().all().item<bool>());
    }

    [Fact]
    public void ToImage_PutsZeroAtGrey_AndTheLargestMagnitudeAtTheEnds()
    {
        using var projection = tensor(new float[] { 0, 2, -4, 4 }).reshape(1, 2, 2);
        using var picture = Deconvnet.ToImage(projection);
        Assert.Equal(ScalarType.Byte, picture.dtype);
        Assert.Equal(new byte[] { 128, 192, 1, 255 }, picture.data<byte>().ToArray());

        using var blank = Deconvnet.ToImage(zeros(3, 2, 2));
        Assert.True(blank.eq(128).all().item<bool>());

        using var two = tensor(new float[] { 1, -1, 100, 50 }).reshape(2, 1, 1, 2);   // each image scaled on its own
        Assert.Equal(new byte[] { 255, 1, 255, 192 }, Deconvnet.ToImage(two).data<byte>().ToArray());
    }
}
