using NinNotebooks.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// The second half of Zeiler and Fergus's way of looking at a network (ZFNet, "Visualizing and Understanding
/// Convolutional Networks", 2014, section 2.1): a deconvnet projects one channel's activation back to pixel space, to
/// show which pattern in the input excited it. The image is run forward to the chosen stage, recording where each max
/// pooling window found its maximum (the "switches"); all other channels (and, by default, all but the channel's
/// strongest position) are set to zero; then the map is taken back through the same layers in reverse, each replaced
/// by its transpose: unpooling through the switches, rectification, and convolution with the same filters transposed.
/// </summary>
/// <remarks>
/// Going back, each layer of the body becomes:
/// <list type="bullet">
/// <item>ReLU → ReLU on the reconstruction (the paper's "rectification": keep the signal positive, whatever the
/// forward pass did there; this is what makes it a deconvnet rather than a gradient).</item>
/// <item>Conv2d → <c>conv_transpose2d</c> with the same weights, stride and padding and no bias: the transpose of the
/// convolution, which spreads each value back over the k×k input positions its filter read.</item>
/// <item>BatchNorm2d (eval mode) → multiplication by each channel's scale, weight / √(running variance + ε): the transpose
/// of its per-channel affine map; the shift has no transpose and is left out, as the bias is.</item>
/// <item>MaxPool2d → unpooling: each value goes back to the input position its window's maximum came from (the switch);
/// where overlapping 3/2 windows share a switch their values add up, the exact transpose of the pooling.</item>
/// <item>AvgPool2d → its transpose: each value is spread evenly over its window.</item>
/// <item>Dropout → nothing (it is the identity in eval mode).</item>
/// </list>
/// <para>Taught in notebooks/07-what-nin-learns.ipynb.</para>
/// </remarks>
public static class Deconvnet
{
    /// <summary>
    /// Projects channel <paramref name="channel"/> of mlpconv block <paramref name="stage"/> back to the input, for one
    /// image. Runs in eval mode without gradients and leaves the model's mode as it was.
    /// </summary>
    /// <param name="model">The network (with or without BatchNorm).</param>
    /// <param name="image">C×H×W, preprocessed as for training, on the model's device.</param>
    /// <param name="stage">The mlpconv block, 0-based; its output after the last ReLU, as <see cref="NiN.ForwardStages"/> returns it.</param>
    /// <param name="channel">The channel of that block's output to project.</param>
    /// <param name="strongestOnly">
    /// Keep only the channel's largest activation (default, as in the paper), which shows one pattern in its receptive
    /// field; false keeps the channel's whole map, which shows everything in the image that excited it.
    /// </param>
    /// <returns>C×H×W float32 on the CPU, in input space (any sign; <see cref="ToImage"/> makes it viewable).</returns>
    public static Tensor Project(NiN model, Tensor image, int stage, int channel, bool strongestOnly = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        if (image.dim() != 3)
        {
            throw new ArgumentException($"image must be C x H x W; it was {string.Join(" x ", image.shape)}.", nameof(image));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, model.Blocks.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, model.Blocks[stage].OutChannels);

        return Inference.Run(model, () =>
        {
            using var scope = NewDisposeScope();
            var backward = new List<Func<Tensor, Tensor>>();   // how to undo each layer, in forward order
            var x = image.unsqueeze(0);                       // 1 x C x H x W
            var block = -1;
            foreach (var (_, layer) in model.BodyLayers)
            {
                if (layer is MlpConv mlpconv)
                {
                    foreach (var inner in mlpconv.children())
                    {
                        x = Forward((nn.Module<Tensor, Tensor>)inner, x, backward);
                    }

                    if (++block == stage)
                    {
                        break;
                    }
                }
                else
                {
                    x = Forward(layer, x, backward);
                }
            }

            // The way back runs in float64: libtorch 2.10's oneDNN gets float32 transposed k×k convolutions wrong (up to a
            // third of the result) when the convolution has a number of output channels that is not a multiple of 16,
            // even with ZeroedAllocations, and float64 does not go through oneDNN. One image's projection costs little either way.
            var reconstruction = Selected(x, channel, strongestOnly).to(ScalarType.Float64);   // 1 x channels x h x w
            for (var i = backward.Count - 1; i >= 0; i--)
            {
                reconstruction = backward[i](reconstruction);
            }

            return reconstruction.squeeze(0).to(ScalarType.Float32).cpu().MoveToOuterDisposeScope();
        });
    }

    /// <summary>
    /// A projection as a picture: uint8 on the CPU, zero at mid grey (128) and the largest magnitude at 1 or 255, each
    /// image scaled on its own, so that positive and negative parts keep their sign (the paper's figures look like this).
    /// An all-zero projection is plain grey.
    /// </summary>
    /// <param name="projection">C×H×W (or N×C×H×W, each image scaled separately), any type and device.</param>
    /// <returns>The same shape, uint8, ready for <c>ImageCharts.Images</c> (after <c>unsqueeze(0)</c> for one image).</returns>
    public static Tensor ToImage(Tensor projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        if (projection.dim() != 3 && projection.dim() != 4)
        {
            throw new ArgumentException($"projection must be C x H x W or N x C x H x W; it was {string.Join(" x ", projection.shape)}.", nameof(projection));
        }

        using var scope = NewDisposeScope();
        var x = projection.detach().to(ScalarType.Float32).cpu();
        long[] perImage = projection.dim() == 3 ? [0, 1, 2] : [1, 2, 3];
        var peak = x.abs().amax(perImage, keepdim: true).clamp_min(1e-12);
        return (128 + (127 * x / peak)).round().clamp(0, 255).to(ScalarType.Byte).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Switch unpooling, the deconvnet's way back through a max pooling: each value of <paramref name="pooled"/> goes to
    /// the input position its window's maximum came from; where overlapping windows share a switch, their values add up
    /// (the exact transpose of the pooling). Every other position is zero.
    /// </summary>
    /// <param name="pooled">N×C×h×w: a map the size of the pooling's output.</param>
    /// <param name="switches">N×C×h×w: the pooling's indices (<c>MaxPool2d.forward_with_indices</c>), each maximum's index in its H·W plane.</param>
    /// <param name="inputShape">N×C×H×W: the shape of the pooling's input, which the result has.</param>
    public static Tensor Unpool(Tensor pooled, Tensor switches, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(pooled);
        ArgumentNullException.ThrowIfNull(switches);
        ArgumentNullException.ThrowIfNull(inputShape);
        return zeros(inputShape[0], inputShape[1], inputShape[2] * inputShape[3], dtype: pooled.dtype, device: pooled.device)
            .scatter_add(2, switches.flatten(2), pooled.flatten(2))
            .view(inputShape);
    }

    /// <summary>Runs one layer forward and records how to take a reconstruction back through it.</summary>
    private static Tensor Forward(nn.Module<Tensor, Tensor> layer, Tensor input, List<Func<Tensor, Tensor>> backward)
    {
        switch (layer)
        {
            case ReLU:
                backward.Add(r => nn.functional.relu(r));
                return layer.call(input);

            case Conv2d conv:
            {
                var output = conv.call(input);
                var padding = conv.padding ?? throw new NotSupportedException("The deconvnet needs convolutions with numeric padding.");
                // with a stride above 1 several input sizes give the same output size: pad the transpose back to this one
                var outputPadding = Enumerable.Range(0, 2).Select(d =>
                    input.shape[2 + d] - (((output.shape[2 + d] - 1) * conv.stride[d]) - (2 * padding[d]) + (conv.dilation[d] * (conv.kernel_size[d] - 1)) + 1)).ToArray();
                var weight = conv.weight!.detach().to(ScalarType.Float64);
                backward.Add(r => nn.functional.conv_transpose2d(r, weight, null, conv.stride, padding, outputPadding, conv.dilation, conv.groups));
                return output;
            }

            case BatchNorm2d norm:
            {
                var output = norm.call(input);
                var variance = norm.running_var ?? throw new NotSupportedException("The deconvnet needs BatchNorm2d with running statistics.");
                var scale = 1 / (variance + norm.eps).sqrt();
                if (norm.weight is not null)
                {
                    scale = scale * norm.weight.detach();
                }

                scale = scale.view(1, -1, 1, 1).to(ScalarType.Float64);
                backward.Add(r => r * scale);
                return output;
            }

            case MaxPool2d pool:
            {
                var (output, switches) = pool.forward_with_indices(input);   // switches: each maximum's index in its H*W plane
                var shape = input.shape;
                backward.Add(r => Unpool(r, switches, shape));
                return output;
            }

            case AvgPool2d pool:
                backward.Add(r => nn.functional.avg_pool2d_backward(r, input.to(r.dtype), pool.kernel_size, pool.stride, pool.padding,
                    pool.ceil_mode, pool.count_include_pad, pool.divisor_override));
                return pool.call(input);

            case Dropout:
                backward.Add(r => r);
                return input;

            default:
                throw new NotSupportedException($"The deconvnet has no transpose for a {layer.GetType().Name} layer.");
        }
    }

    /// <summary>The stage's maps with every other channel, and with <paramref name="strongestOnly"/> every other position, set to zero.</summary>
    private static Tensor Selected(Tensor maps, int channel, bool strongestOnly)
    {
        var plane = maps.narrow(1, channel, 1);   // 1 x 1 x h x w
        if (strongestOnly)
        {
            var flat = plane.flatten();
            var strongest = nn.functional.one_hot(flat.argmax(), flat.numel()).to(flat.dtype);
            plane = (flat * strongest).view_as(plane);
        }

        var selected = zeros_like(maps);
        selected.narrow(1, channel, 1).copy_(plane);
        return selected;
    }
}
