using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// Makes the central fact of NiN visible: a 1×1 convolution is a fully connected (Linear) layer applied to
/// the channel vector of every pixel, with the same weights at every pixel. Its C_out×C_in×1×1 kernel is
/// exactly a C_out×C_in weight matrix.
/// </summary>
/// <remarks>Taught in notebooks/01-mlpconv.ipynb.</remarks>
public static class PointwiseConvolution
{
    /// <summary>A Linear layer holding a copy of a 1×1 convolution's weights (C_out×C_in) and bias.</summary>
    /// <exception cref="ArgumentException">The convolution is not a plain 1×1 convolution (stride 1, no padding, one group).</exception>
    public static Linear ToLinear(Conv2d convolution)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        // padding is null when the convolution was made with a padding mode (Same/Valid): 0 for a 1x1 kernel.
        var padding = convolution.padding ?? [0];
        if (convolution.kernel_size.Any(k => k != 1) || convolution.stride.Any(s => s != 1) ||
            padding.Any(p => p != 0) || convolution.groups != 1)
        {
            throw new ArgumentException(
                $"Expected a 1×1 convolution with stride 1, no padding and one group; got kernel " +
                $"{string.Join("×", convolution.kernel_size)}, stride {string.Join("×", convolution.stride)}, " +
                $"padding {string.Join("×", padding)}, groups {convolution.groups}.", nameof(convolution));
        }

        var linear = nn.Linear(convolution.in_channels, convolution.out_channels, hasBias: convolution.bias is not null);
        using (no_grad())
        {
            using var matrix = convolution.weight!.reshape(convolution.out_channels, convolution.in_channels);
            linear.weight!.copy_(matrix);
            if (convolution.bias is not null)
            {
                linear.bias!.copy_(convolution.bias);
            }
        }

        return linear;
    }

    /// <summary>
    /// Applies <paramref name="linear"/> to the channel vector at every pixel: N×C_in×H×W → N×C_out×H×W.
    /// The same computation as a 1×1 convolution with the same weights.
    /// </summary>
    public static Tensor ApplyPerPixel(Linear linear, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(linear);
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != linear.in_features)
        {
            throw new ArgumentException(
                $"Expected input shaped N x {linear.in_features} x H x W, got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using var scope = NewDisposeScope();
        // N x C_in x H x W -> N x H x W x C_in: each pixel's channels become the last axis
        var pixels = input.permute(0, 2, 3, 1);
        // Linear acts on the last axis: N x H x W x C_out
        var mixed = linear.call(pixels);
        // back to N x C_out x H x W
        return mixed.permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
    }
}
