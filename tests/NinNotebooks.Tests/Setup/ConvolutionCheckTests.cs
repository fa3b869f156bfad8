using NinNotebooks.Setup;
using NinNotebooks.Training;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Setup;

public class ConvolutionCheckTests
{
    /// <summary>
    /// The whole grid, in float32 and (where the CPU computes bfloat16 natively) under bfloat16 autocast, after the start-up
    /// step's workaround: every shape agrees with float64 on any CPU. Where this CPU's oneDNN shows the defect, the step has
    /// turned oneDNN off and this is what shows it worked.
    /// </summary>
    [Fact]
    public void OnThisMachine_WithTheStartUpWorkaround_EveryConvolutionAgreesWithFloat64()
    {
        var result = ConvolutionCheck.Run();

        Assert.True(result.AllCorrect, string.Join("\n", result.Wrong));
        Assert.Equal(ConvolutionCheck.DefaultShapes.Count, result.Shapes.Count);
        Assert.Equal(CpuFeatures.HasNativeBFloat16 ? 2 : 1, result.Precisions.Count);
        Assert.Equal(3 * result.Precisions.Count, result.Largest.Count);   // forward, input and weight gradient per precision
        Assert.All(result.Largest, e => Assert.True(e.RelativeError > 0, $"{e}: exactly float64, so the comparison compared nothing"));
        Assert.StartsWith($"all {result.Shapes.Count} convolutions agree with float64", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheGrid_CoversKernelsWidthsStridesPaddingAndGroups()
    {
        var shapes = ConvolutionCheck.DefaultShapes;

        Assert.Equal([1, 3, 5, 7], shapes.Select(s => s.Kernel).Distinct().Order());
        foreach (var kernel in ConvolutionCheck.Kernels)
        {
            var ofKernel = shapes.Where(s => s.Kernel == kernel && s.Groups == 1).ToList();
            Assert.Equal(ConvolutionCheck.Widths.Order(), ofKernel.Select(s => s.InChannels).Order());
            Assert.Equal(ConvolutionCheck.Widths.Order(), ofKernel.Select(s => s.OutChannels).Order());
            Assert.Contains(ofKernel, s => s.Stride == 1 && s.Padding == kernel / 2);
            Assert.Contains(ofKernel, s => s.Stride == 2);
            Assert.Contains(shapes, s => s.Kernel == kernel && s.Groups > 1 && s.Groups < s.InChannels);
            Assert.Contains(shapes, s => s.Kernel == kernel && s.Groups == s.InChannels);   // depthwise
        }

        Assert.Contains(shapes, s => s.OutChannels % 16 != 0 && s.Kernel > 1);
    }

    /// <summary>A convolution whose forward pass is right but whose input gradient is 30 % short is caught, and only there.</summary>
    [Theory]
    [InlineData(Precision.Float32)]
    [InlineData(Precision.BFloat16)]
    public void AWrongInputGradient_IsReportedWithItsShapeAndError(Precision precision)
    {
        TorchRuntime.Initialize();
        ConvolutionShape[] shapes = [new(3, 4, 10, Padding: 1), new(5, 12, 24, Stride: 2, Padding: 2, Groups: 4)];

        // x·0.7 + detach(x)·0.3 is x going forward, but only 0.7 of the gradient flows back to it.
        var result = ConvolutionCheck.RunCore(shapes, [precision], channelsLast: null, (x, w, s) =>
            nn.functional.conv2d((x * 0.7) + (x.detach() * 0.3), w, strides: [s.Stride, s.Stride], padding: [s.Padding, s.Padding], groups: s.Groups));

        Assert.False(result.AllCorrect);
        Assert.Equal(shapes, result.WrongShapes);
        Assert.All(result.Wrong, e => Assert.Equal(ConvolutionPart.InputGradient, e.Part));
        Assert.All(result.Wrong, e => Assert.InRange(e.RelativeError, 0.29, 0.31));
        Assert.Contains("2 of 2 convolutions disagree with float64", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AShapeThatIsNoConvolution_IsRefusedBeforeAnyWork()
    {
        var error = Assert.Throws<ArgumentException>(() => ConvolutionCheck.Run([new(3, 10, 24, Groups: 4)]));
        Assert.Contains("3×3 10→24, 4 groups", error.Message, StringComparison.Ordinal);
    }
}
