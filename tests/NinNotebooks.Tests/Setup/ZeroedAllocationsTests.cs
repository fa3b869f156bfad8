using NinNotebooks.Setup;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Setup;

/// <summary>
/// libtorch 2.10's oneDNN has padded a 12→24-channel 5×5 convolution's weights to blocks of 16 without zeroing the padding
/// on some of this project's AVX-512 machines, so that memory that held NaN just before turned the input gradient into NaN
/// (32 to 40 of 40 backward passes). Whether oneDNN reads that leftover memory is not a matter of CPU features: an AMD EPYC
/// with AVX-512 and BF16 (oneDNN 3.7.1's avx512_core_bf16 kernels) gave 0 of 40 without the step, like the AVX2-only
/// machines. So what must hold everywhere is asserted: with the step the gradients are finite, and the step is what
/// turns the NaN left in a reused block into zeros (the control: without it, the block still holds the NaN).
/// </summary>
public class ZeroedAllocationsTests
{
    /// <summary>The padded weights: 32 (24 padded) × 16 (12 padded) × 5 × 5 floats.</summary>
    private const long PaddedWeights = 32 * 16 * 5 * 5;

    [Fact]
    public void APaddedConvolution_ComputesFiniteGradients_WithTheStep()
    {
        Assert.True(TorchRuntime.Initialize().ZeroedAllocations || !OperatingSystem.IsLinux());
        Assert.Equal(0, NonFiniteGradients());
    }

    [Fact]
    public void TheStep_TurnsTheNaNLeftInAReusedBlockIntoZeros_AndWithoutItTheNaNStays()
    {
        Assert.True(TorchRuntime.Initialize().ZeroedAllocations || !OperatingSystem.IsLinux());
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.Equal("libtorch's zero fill", ZeroedAllocations.Method);   // the flag exists in the libtorch this package pins
        try
        {
            // Control: without the step the block of the padded weights' size comes back from glibc's heap holding NaN,
            // which is what a convolution reading its padding unzeroed would compute with. Another thread freeing memory
            // in between can merge the block with a neighbour, so the control tries a few times.
            // Tensors earlier tests left to the finalizer are freed first, so that its thread frees nothing meanwhile.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.True(ZeroedAllocations.SetZeroFill(false));
            Assert.True(Enumerable.Range(0, 32).Any(_ => LeftoverNaNs() > 0), "expected a freed block of NaN to be handed out again with its NaN, in one of 32 tries");
        }
        finally
        {
            Assert.True(ZeroedAllocations.SetZeroFill(true));
        }

        Assert.Equal(0, LeftoverNaNs());
    }

    /// <summary>NaN values in a block of the padded weights' size allocated right after one filled with NaN was freed.</summary>
    private static long LeftoverNaNs()
    {
        var freed = full(PaddedWeights, float.NaN);
        // A block of the same size after it keeps the freed block off the top of the heap, where glibc could merge it
        // into the top and hand that back to the system (whose pages come back zeroed).
        using var guard = empty(PaddedWeights);
        freed.Dispose();
        using var reused = empty(PaddedWeights);
        return reused.isnan().sum().item<long>();
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
            full(PaddedWeights, float.NaN).Dispose();
            var input = x.detach().requires_grad_(true);
            nn.functional.conv2d(input, w, padding: [2, 2]).backward([upstream]);
            bad += input.grad!.isfinite().all().item<bool>() ? 0 : 1;
        }

        return bad;
    }
}
