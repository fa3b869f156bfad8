using NinNotebooks.Setup;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Setup;

/// <summary>
/// libtorch 2.10's oneDNN pads a 12→24-channel 5×5 convolution's weights to blocks of 16 without zeroing the padding.
/// Memory that held NaN just before (freed here on purpose) then turns the input gradient into NaN; with the start-up
/// step, the padding reads zeros.
/// </summary>
public class ZeroedAllocationsTests
{
    [Fact]
    public void APaddedConvolution_ComputesFiniteGradients_WithTheStep_AndNotWithout()
    {
        Assert.True(TorchRuntime.Initialize().ZeroedAllocations || !OperatingSystem.IsLinux());
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.Equal("libtorch's zero fill", ZeroedAllocations.Method);   // the flag exists in the libtorch this package pins
        try
        {
            // Control: without the step the defect shows, so this test can tell the difference.
            Assert.True(ZeroedAllocations.SetZeroFill(false));
            Assert.True(NonFiniteGradients() > 0, "expected the oneDNN defect to show without zeroed allocations");
        }
        finally
        {
            Assert.True(ZeroedAllocations.SetZeroFill(true));
        }

        Assert.Equal(0, NonFiniteGradients());
    }

    /// <summary>Of 40 backward passes after memory of the padded weight buffer's size was filled with NaN and freed, how many gave non-finite input gradients.</summary>
    private static int NonFiniteGradients()
    {
        manual_seed(1);
        using var x = randn(32, 12, 16, 16);
        using var w = randn(24, 12, 5, 5) * 0.05;
        using var upstream = randn(32, 24, 16, 16);
        var bad = 0;
        for (var i = 0; i < 40; i++)
        {
            using var scope = NewDisposeScope();
            full(32 * 16 * 5 * 5, float.NaN).Dispose();    // the padded weights: 32 (24 padded) × 16 (12 padded) × 5 × 5 floats
            var input = x.detach().requires_grad_(true);
            nn.functional.conv2d(input, w, padding: [2, 2]).backward([upstream]);
            bad += input.grad!.isfinite().all().item<bool>() ? 0 : 1;
        }

        return bad;
    }
}
