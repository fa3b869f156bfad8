using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>
/// Network in Network (Lin, Chen, Yan, ICLR 2014) built from a <see cref="NinConfig"/> table: a body of
/// mlpconv blocks with pooling and dropout between them, and a head that turns the last block's maps into
/// class scores. With <see cref="HeadKind.GlobalAveragePooling"/> (the paper's head) the last block emits one
/// map per class and the head averages each map; with <see cref="HeadKind.FlattenLinear"/> the same body is
/// followed by flatten and one fully connected layer, for comparison.
/// </summary>
/// <remarks>
/// Children: <c>body</c> (<c>mlpconv1</c>, <c>pool1</c>, <c>dropout1</c>, <c>mlpconv2</c>, ...) and <c>head</c>.
/// The output is raw class scores (logits); apply softmax or a cross-entropy loss to them.
/// <para>Taught in notebooks/01-mlpconv.ipynb and notebooks/06-training-nin.ipynb.</para>
/// </remarks>
public sealed class NiN : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;
    private readonly nn.Module<Tensor, Tensor> head;

    /// <summary>Builds the network.</summary>
    /// <param name="config">The table, e.g. <see cref="NinConfig.Cifar10"/>.</param>
    /// <param name="head">Which head to put on the body (default: global average pooling, as in the paper).</param>
    /// <param name="init">How to initialise the weights (default: the paper's normal distribution).</param>
    /// <param name="batchNorm">Use the modern BatchNorm variant of every mlpconv block (default false).</param>
    public NiN(NinConfig config, HeadKind head = HeadKind.GlobalAveragePooling, WeightInit init = WeightInit.Paper, bool batchNorm = false)
        : base(nameof(NiN))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Head = head;

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var blocks = new List<MlpConv>();
        var inChannels = config.InputChannels;
        for (var i = 0; i < config.Stages.Count; i++)
        {
            var stage = config.Stages[i];
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            var block = new MlpConv(inChannels, stage.Channels, stage.KernelSize, padding: stage.Padding, batchNorm: batchNorm);
            blocks.Add(block);
            layers.Add(($"mlpconv{n}", block));
            if (stage.Pool == NinPool.Max)
            {
                layers.Add(($"pool{n}", nn.MaxPool2d(3, stride: 2, ceil_mode: true)));
            }
            else if (stage.Pool == NinPool.Average)
            {
                layers.Add(($"pool{n}", nn.AvgPool2d(3, stride: 2, ceil_mode: true)));
            }

            if (stage.Dropout > 0)
            {
                layers.Add(($"dropout{n}", nn.Dropout(stage.Dropout)));
            }

            inChannels = stage.OutChannels;
        }

        body = nn.Sequential(layers);
        Blocks = blocks;
        var mapSize = config.FeatureMapSize;
        this.head = head == HeadKind.GlobalAveragePooling
            ? new GlobalAvgPoolHead()
            : new FlattenLinearHead(inChannels, mapSize, mapSize, config.NumClasses);
        RegisterComponents();
        WeightInitializer.Apply(this, init);
    }

    /// <summary>The table this network was built from.</summary>
    public NinConfig Config { get; }

    /// <summary>The head on top of the body.</summary>
    public HeadKind Head { get; }

    /// <summary>The mlpconv blocks in order (for looking at their feature maps).</summary>
    public IReadOnlyList<MlpConv> Blocks { get; }

    /// <summary>
    /// Runs the body only: N×C×H×W images → the last block's maps, N×classes×8×8 for CIFAR-10. With the GAP head
    /// these are the per-class confidence maps the paper visualises.
    /// </summary>
    public Tensor ForwardFeatures(Tensor input) => body.call(Checked(input));

    /// <summary>
    /// The output of every mlpconv block (before its pooling and dropout), in order: what each stage of the network
    /// sees. Run the model in eval mode (as <c>Analysis.StageMaps</c> does) so that dropout does not change them.
    /// </summary>
    /// <param name="input">N x C x H x W.</param>
    /// <returns>One tensor per block, e.g. for CIFAR-10: N x 96 x 32 x 32, N x 192 x 16 x 16, N x 10 x 8 x 8.</returns>
    public IReadOnlyList<Tensor> ForwardStages(Tensor input)
    {
        using var scope = NewDisposeScope();
        var outputs = new List<Tensor>();
        ForwardBody(input, Blocks.Count - 1, outputs);
        scope.MoveToOuter(outputs);
        return outputs;
    }

    /// <summary>The body's layers in call order with their names (<c>mlpconv1</c>, <c>pool1</c>, <c>dropout1</c>, ...).</summary>
    internal IEnumerable<(string Name, nn.Module<Tensor, Tensor> Layer)> BodyLayers =>
        body.named_children().Select(child => (child.name, (nn.Module<Tensor, Tensor>)child.module));

    /// <summary>Runs the body up to and including mlpconv block <paramref name="stage"/> (0-based): its entry of <see cref="ForwardStages"/>.</summary>
    internal Tensor ForwardToStage(Tensor input, int stage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, Blocks.Count);
        using var scope = NewDisposeScope();
        return ForwardBody(input, stage, stages: null).MoveToOuterDisposeScope();
    }

    /// <summary>Runs the body up to and including block <paramref name="lastStage"/>, adding each block's output to <paramref name="stages"/> if given.</summary>
    private Tensor ForwardBody(Tensor input, int lastStage, List<Tensor>? stages)
    {
        var x = Checked(input);
        var block = -1;
        foreach (var layer in body.children())
        {
            x = ((nn.Module<Tensor, Tensor>)layer).call(x);
            if (layer is MlpConv)
            {
                stages?.Add(x);
                if (++block == lastStage)
                {
                    break;
                }
            }
        }

        return x;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // N x 3 x 32 x 32 (CIFAR-10) -> body -> N x 10 x 8 x 8: one map per class
        using var features = ForwardFeatures(input);
        // -> head -> N x 10
        return head.call(features);
    }

    private Tensor Checked(Tensor input)
    {
        Check.ImageBatch(input, Config.InputChannels, Config.Name,
            $"N x {Config.InputChannels} x H x W (it was built for {Config.InputChannels} x {Config.ImageSize} x {Config.ImageSize})");
        return input;
    }
}
