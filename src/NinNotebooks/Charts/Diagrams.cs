using System.Globalization;
using System.Xml.Linq;
using NinNotebooks.Analysis;
using NinNotebooks.Modules;

namespace NinNotebooks.Charts;

/// <summary>
/// Architecture diagrams as SVG text, drawn from the same tables and settings that build the models: every kernel
/// size, channel count, pooling and output shape in a box is read from a <see cref="NinConfig"/>, an
/// <see cref="InceptionSpec"/> or an <see cref="Modules.InvertedResidual"/>, so a diagram cannot drift from the
/// network it shows. Show one in a notebook with <c>HTML(Diagrams.Nin(NinConfig.Cifar10))</c>; the exported HTML
/// book shows the SVG as it is.
/// </summary>
/// <remarks>
/// Hand-written: no SVG library is on the package feed, and the drawings are only boxes, arrows and text. The
/// elements are built with System.Xml.Linq, which escapes every label. Text widths are estimated from the number
/// of characters (no font metrics), with room to spare. Arrowheads are drawn as triangles rather than SVG markers,
/// so that several diagrams on one page cannot clash over marker ids.
/// <para>Taught in notebooks 1, 3, 4 and 5.</para>
/// </remarks>
public static class Diagrams
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private const double FontSize = 12;
    private const double CharWidth = FontSize * 0.62;
    private const double LineHeight = 16;
    private const double Padding = 8;
    private const double ArrowLength = 30;
    private const double Gap = 18;
    private const double Margin = 12;

    private const string SpatialFill = "#cfe2f3";
    private const string PointwiseFill = "#d9ead3";
    private const string PoolFill = "#fce5cd";
    private const string HeadFill = "#f4cccc";
    private const string PlainFill = "#f3f3f3";

    /// <summary>
    /// NiN as its table describes it: the input, each mlpconv block with its k×k convolution and 1×1 ("cccp")
    /// layers, the pooling and dropout after it, the global average pooling head; the shape of the data is written
    /// beside every arrow.
    /// </summary>
    /// <param name="config">The network's table, e.g. <see cref="NinConfig.Cifar10"/>.</param>
    /// <returns>An SVG document as text.</returns>
    /// <exception cref="ArgumentException">The table cannot build a network (see <see cref="NinConfig.Validate"/>).</exception>
    public static string Nin(NinConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var steps = new List<(Node, string?)>
        {
            (Box(PlainFill, "input image"), Shape(config.InputChannels, config.ImageSize)),
        };
        for (var i = 0; i < config.Stages.Count; i++)
        {
            var stage = config.Stages[i];
            steps.Add((MlpConvBox($"mlpconv {i + 1}", stage, SpatialFill), Shape(stage.OutChannels, config.BlockOutputSize(i))));
            var after = new List<string>();
            if (stage.Pool != NinPool.None)
            {
                after.Add($"3×3 {stage.Pool.ToString().ToLowerInvariant()} pool, stride 2 (ceil)");
            }

            if (stage.Dropout > 0)
            {
                after.Add(Invariant($"dropout {stage.Dropout}"));
            }

            if (after.Count > 0)
            {
                steps.Add((Box(PoolFill, [.. after]), Shape(stage.OutChannels, config.StageOutputSize(i))));
            }
        }

        steps.Add((Box(HeadFill, "global average pooling", "one mean per map, no parameters"), Invariant($"{config.NumClasses} scores")));
        steps.Add((Box(PlainFill, Invariant($"softmax over {config.NumClasses} classes")), null));
        return Render($"NiN ({config.Name}): {config.Stages.Count} mlpconv blocks and a global-average-pooling head", new Column(steps));
    }

    /// <summary>
    /// One position of a conventional convolution layer (a bank of linear filters, each a generalized linear model of
    /// the patch) beside one position of the mlpconv block <paramref name="stage"/> of <paramref name="config"/>, which
    /// slides a small MLP over the same patch: the same k×k filters, then the 1×1 layers.
    /// </summary>
    /// <param name="config">The network's table.</param>
    /// <param name="stage">Which block, 0-based (default the first).</param>
    /// <returns>An SVG document as text.</returns>
    public static string LinearFilterVersusMlpConv(NinConfig config, int stage = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, config.Stages.Count);
        var row = config.Stages[stage];
        var inChannels = stage == 0 ? config.InputChannels : config.Stages[stage - 1].OutChannels;
        var patch = Invariant($"{row.KernelSize}×{row.KernelSize}×{inChannels} input patch");
        var linear = new Column(
        [
            (Box(PlainFill, patch), null),
            (Box(SpatialFill, Invariant($"{row.Channels[0]} linear filters: w·x + b"), "then ReLU"), null),
            (Box(PlainFill, Invariant($"{row.Channels[0]} values at this position")), null),
        ]);
        var micro = new List<(Node, string?)>
        {
            (Box(PlainFill, patch), null),
            (Box(SpatialFill, Invariant($"{row.KernelSize}×{row.KernelSize} conv, {row.Channels[0]} filters, ReLU")), null),
        };
        micro.AddRange(row.Channels.Skip(1).Select(c => ((Node)Box(PointwiseFill, Invariant($"1×1 conv (cccp), {c}, ReLU")), (string?)null)));
        micro.Add((Box(PlainFill, Invariant($"{row.OutChannels} values at this position")), null));
        return Render($"One position of block {stage + 1} ({config.Name})", new Panels(
            [("a linear filter bank (GLM)", linear), ("mlpconv: a micro MLP on the patch", new Column(micro))], Vertical: false));
    }

    /// <summary>
    /// The two heads for the last block of <paramref name="config"/>: flatten + one fully connected layer (with its
    /// parameter count) beside global average pooling (none).
    /// </summary>
    /// <param name="config">The network's table; its last block's maps and <see cref="NinConfig.FeatureMapSize"/> set the shapes.</param>
    /// <returns>An SVG document as text.</returns>
    public static string Heads(NinConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var maps = config.Stages[^1].OutChannels;
        var size = config.FeatureMapSize;
        var flat = (long)maps * size * size;
        var last = Box(PlainFill, "the last block's maps", Shape(maps, size));
        var scores = Box(PlainFill, Invariant($"{config.NumClasses} class scores"));
        var fc = new Column(
        [
            (last, null),
            (Box(PoolFill, "flatten", Invariant($"{flat:N0} values")), null),
            (Box(HeadFill, Invariant($"fully connected {flat:N0} → {config.NumClasses}"), Invariant($"{ParameterCount.Linear(flat, config.NumClasses):N0} parameters")), null),
            (scores, null),
        ]);
        var gap = new Column(
        [
            (last, null),
            (Box(HeadFill, "average each map", "0 parameters"), null),
            (scores, null),
        ]);
        return Render($"Two heads on {config.Name}'s last block", new Panels([("flatten + fully connected", fc), ("global average pooling (NiN)", gap)], Vertical: false));
    }

    /// <summary>
    /// The row <paramref name="spec"/> of GoogLeNet's Table 1 drawn twice: as the naive block (every branch reads all
    /// input channels, pooling passes them all on) and as the real one, with 1×1 reductions before the 3×3 and 5×5
    /// convolutions and a 1×1 projection after the pooling. Each ends with the concatenated channel count.
    /// </summary>
    /// <param name="spec">A row of <see cref="GoogLeNet.Table"/>, or one of your own.</param>
    /// <param name="gridSize">Height and width of the input grid, to add to the shapes (28 for inception (3a)); null for channels only.</param>
    /// <returns>An SVG document as text.</returns>
    public static string Inception(InceptionSpec spec, int? gridSize = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var (value, name) in new[] { (spec.InChannels, nameof(spec.InChannels)), (spec.Ch1x1, nameof(spec.Ch1x1)), (spec.Ch3x3Reduce, nameof(spec.Ch3x3Reduce)),
            (spec.Ch3x3, nameof(spec.Ch3x3)), (spec.Ch5x5Reduce, nameof(spec.Ch5x5Reduce)), (spec.Ch5x5, nameof(spec.Ch5x5)), (spec.PoolProj, nameof(spec.PoolProj)) })
        {
            Check.Positive(value, name);
        }

        if (gridSize is { } g)
        {
            Check.Positive(g, nameof(gridSize));
        }

        string Channels(int c) => gridSize is { } s ? Shape(c, s) : Invariant($"{c} channels");
        Node Input() => Box(PlainFill, "previous layer", Channels(spec.InChannels));
        var naiveOut = spec.Ch1x1 + spec.Ch3x3 + spec.Ch5x5 + spec.InChannels;
        var naive = new Branches(Input(),
        [
            Box(PointwiseFill, Invariant($"1×1 conv, {spec.Ch1x1}")),
            Box(SpatialFill, Invariant($"3×3 conv, {spec.Ch3x3}")),
            Box(SpatialFill, Invariant($"5×5 conv, {spec.Ch5x5}")),
            Box(PoolFill, "3×3 max pool", Invariant($"passes all {spec.InChannels}")),
        ], Box(HeadFill, "concatenate", Invariant($"{spec.Ch1x1} + {spec.Ch3x3} + {spec.Ch5x5} + {spec.InChannels} = {naiveOut}")));
        var reduced = new Branches(Input(),
        [
            Box(PointwiseFill, Invariant($"1×1 conv, {spec.Ch1x1}")),
            new Column([(Box(PointwiseFill, Invariant($"1×1 reduce, {spec.Ch3x3Reduce}")), null), (Box(SpatialFill, Invariant($"3×3 conv, {spec.Ch3x3}")), null)]),
            new Column([(Box(PointwiseFill, Invariant($"1×1 reduce, {spec.Ch5x5Reduce}")), null), (Box(SpatialFill, Invariant($"5×5 conv, {spec.Ch5x5}")), null)]),
            new Column([(Box(PoolFill, "3×3 max pool"), null), (Box(PointwiseFill, Invariant($"1×1 proj, {spec.PoolProj}")), null)]),
        ], Box(HeadFill, "concatenate", Invariant($"{spec.Ch1x1} + {spec.Ch3x3} + {spec.Ch5x5} + {spec.PoolProj} = {spec.OutChannels}")));
        return Render($"Inception ({spec.Name}): every convolution ReLU, every branch keeps the grid", new Panels(
            [("naive: all branches read the input", naive), ("with 1×1 reductions (GoogLeNet)", reduced)], Vertical: true));
    }

    /// <summary>
    /// MobileNetV2's inverted residual block as <paramref name="block"/> was built: 1×1 expansion (when its ratio is
    /// not 1), 3×3 depthwise convolution with its stride, linear 1×1 projection, and the skip connection when the block
    /// uses one; the shapes beside the arrows are for <paramref name="inputSize"/>×<paramref name="inputSize"/> inputs.
    /// </summary>
    /// <param name="block">The block to draw.</param>
    /// <param name="inputSize">Height and width of the input.</param>
    /// <returns>An SVG document as text.</returns>
    public static string InvertedResidual(InvertedResidual block, int inputSize)
    {
        ArgumentNullException.ThrowIfNull(block);
        Check.Positive(inputSize, nameof(inputSize));
        var output = block.OutputSize(inputSize);
        var steps = new List<(Node, string?)> { (Box(PlainFill, "input (thin)"), Shape(block.InChannels, inputSize)) };
        if (block.ExpandRatio != 1)
        {
            steps.Add((Box(PointwiseFill, Invariant($"1×1 conv: expand ×{block.ExpandRatio}, {block.InChannels} → {block.HiddenChannels}"), "BatchNorm, ReLU6"),
                Shape(block.HiddenChannels, inputSize)));
        }

        steps.Add((Box(SpatialFill, Invariant($"3×3 depthwise conv, stride {block.Stride}"), Invariant($"{block.HiddenChannels} filters, one channel each"), "BatchNorm, ReLU6"),
            Shape(block.HiddenChannels, output)));
        steps.Add((Box(PointwiseFill, Invariant($"1×1 conv: project {block.HiddenChannels} → {block.OutChannels}"), "BatchNorm, no activation (linear)"),
            Shape(block.OutChannels, output)));
        if (block.UsesResidual)
        {
            steps.Add((Box(HeadFill, "add the input"), Shape(block.OutChannels, output)));
        }

        steps.Add((Box(PlainFill, "output (thin)"), null));
        var title = block.UsesResidual
            ? "MobileNetV2 inverted residual: narrow → wide → narrow, input added back"
            : "MobileNetV2 inverted residual: narrow → wide → narrow (no skip: the shapes differ)";
        return Render(title, new Column(steps, Skip: block.UsesResidual ? (0, steps.Count - 2) : null));
    }

    private static string Shape(int channels, int size) => Invariant($"{channels} × {size} × {size}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static BoxNode Box(string fill, params string[] lines) => new(lines, fill);

    private static BoxNode MlpConvBox(string title, NinStage stage, string fill)
    {
        var lines = new List<string>
        {
            title,
            Invariant($"{stage.KernelSize}×{stage.KernelSize} conv, {stage.Channels[0]} (pad {stage.Padding}), ReLU"),
        };
        lines.AddRange(stage.Channels.Skip(1).Select(c => Invariant($"1×1 conv (cccp), {c}, ReLU")));
        return new BoxNode(lines, fill);
    }

    private static string Render(string title, Node content)
    {
        var canvas = new Canvas();
        var titleHeight = LineHeight + 14;
        var (width, height) = content.Measure();
        var titleWidth = TextWidth(title);
        var total = Math.Max(width, titleWidth);
        canvas.Text(Margin + (total / 2), Margin + FontSize, title, bold: true);
        content.Draw(canvas, Margin + ((total - width) / 2), Margin + titleHeight);
        var svgWidth = Math.Ceiling(total + (2 * Margin));
        var svgHeight = Math.Ceiling(height + titleHeight + (2 * Margin));
        var svg = new XElement(Svg + "svg",
            new XAttribute("width", Number(svgWidth)),
            new XAttribute("height", Number(svgHeight)),
            new XAttribute("viewBox", $"0 0 {Number(svgWidth)} {Number(svgHeight)}"),
            new XAttribute("role", "img"),
            new XAttribute("font-family", "sans-serif"),
            new XAttribute("font-size", Number(FontSize)),
            new XAttribute("style", "max-width:100%;height:auto"),
            new XElement(Svg + "title", title),
            canvas.Elements);
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    private static double TextWidth(string text) => text.Length * CharWidth;

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Collects the SVG elements of one diagram.</summary>
    private sealed class Canvas
    {
        public List<XElement> Elements { get; } = [];

        public void Rect(double x, double y, double width, double height, string fill) => Elements.Add(new XElement(Svg + "rect",
            new XAttribute("x", Number(x)), new XAttribute("y", Number(y)), new XAttribute("width", Number(width)), new XAttribute("height", Number(height)),
            new XAttribute("rx", "4"), new XAttribute("fill", fill), new XAttribute("stroke", "#555")));

        public void Text(double x, double y, string text, bool bold = false, string anchor = "middle")
        {
            var element = new XElement(Svg + "text", new XAttribute("x", Number(x)), new XAttribute("y", Number(y)), new XAttribute("text-anchor", anchor), text);
            if (bold)
            {
                element.Add(new XAttribute("font-weight", "bold"));
            }

            Elements.Add(element);
        }

        public void Line(params (double X, double Y)[] points) => Elements.Add(new XElement(Svg + "polyline",
            new XAttribute("points", string.Join(" ", points.Select(p => $"{Number(p.X)},{Number(p.Y)}"))),
            new XAttribute("fill", "none"), new XAttribute("stroke", "#555"), new XAttribute("stroke-width", "1.2")));

        /// <summary>A line through <paramref name="points"/> with an arrowhead at its last point.</summary>
        public void Arrow(params (double X, double Y)[] points)
        {
            Line(points);
            var (tip, from) = (points[^1], points[^2]);
            var (dx, dy) = (tip.X - from.X, tip.Y - from.Y);
            var length = Math.Sqrt((dx * dx) + (dy * dy));
            (dx, dy) = (dx / length, dy / length);
            const double Head = 7;
            const double Half = 3.5;
            var baseX = tip.X - (dx * Head);
            var baseY = tip.Y - (dy * Head);
            Elements.Add(new XElement(Svg + "polygon",
                new XAttribute("points", $"{Number(tip.X)},{Number(tip.Y)} {Number(baseX - (dy * Half))},{Number(baseY + (dx * Half))} {Number(baseX + (dy * Half))},{Number(baseY - (dx * Half))}"),
                new XAttribute("fill", "#555")));
        }
    }

    /// <summary>Something with a size that draws itself with its top-left corner at a point.</summary>
    private abstract record Node
    {
        public abstract (double Width, double Height) Measure();

        public abstract void Draw(Canvas canvas, double x, double y);
    }

    /// <summary>A rounded box with centred lines of text; the first line is bold when there are several.</summary>
    private sealed record BoxNode(IReadOnlyList<string> Lines, string Fill) : Node
    {
        public override (double Width, double Height) Measure() =>
            (Lines.Max(TextWidth) + (2 * Padding), (Lines.Count * LineHeight) + (2 * Padding) - 4);

        public override void Draw(Canvas canvas, double x, double y)
        {
            var (width, height) = Measure();
            canvas.Rect(x, y, width, height, Fill);
            for (var i = 0; i < Lines.Count; i++)
            {
                canvas.Text(x + (width / 2), y + Padding + FontSize - 1 + (i * LineHeight), Lines[i], bold: i == 0 && Lines.Count > 1);
            }
        }
    }

    /// <summary>
    /// Nodes stacked top to bottom, joined by arrows; a step's label is written beside the arrow that leaves it. An
    /// optional skip connection runs on the left from the bottom of step Skip.From to the left side of step Skip.To.
    /// </summary>
    private sealed record Column(IReadOnlyList<(Node Node, string? Label)> Steps, (int From, int To)? Skip = null) : Node
    {
        private double SkipRoom => Skip is null ? 0 : 28;

        private double HalfWidth => Steps.Max(s => Math.Max(s.Node.Measure().Width / 2, s.Label is null ? 0 : 8 + TextWidth(s.Label)));

        public override (double Width, double Height) Measure() =>
            ((2 * HalfWidth) + SkipRoom, Steps.Sum(s => s.Node.Measure().Height) + ((Steps.Count - 1) * ArrowLength));

        public override void Draw(Canvas canvas, double x, double y)
        {
            var centre = x + SkipRoom + HalfWidth;
            var tops = new List<double>();
            var top = y;
            for (var i = 0; i < Steps.Count; i++)
            {
                var (node, label) = Steps[i];
                var (width, height) = node.Measure();
                node.Draw(canvas, centre - (width / 2), top);
                tops.Add(top);
                top += height;
                if (i < Steps.Count - 1)
                {
                    canvas.Arrow((centre, top), (centre, top + ArrowLength));
                    if (label is not null)
                    {
                        canvas.Text(centre + 8, top + (ArrowLength / 2) + 4, label, anchor: "start");
                    }

                    top += ArrowLength;
                }
            }

            if (Skip is { } skip)
            {
                var (from, to) = skip;
                var fromSize = Steps[from].Node.Measure();
                var toSize = Steps[to].Node.Measure();
                var startY = tops[from] + (fromSize.Height / 2);
                var endY = tops[to] + (toSize.Height / 2);
                var left = x + 6;
                canvas.Arrow((centre - (fromSize.Width / 2), startY), (left, startY), (left, endY), (centre - (toSize.Width / 2), endY));
            }
        }
    }

    /// <summary>A node that feeds several branches side by side, whose outputs meet in a last node.</summary>
    private sealed record Branches(Node Top, IReadOnlyList<Node> Paths, Node Bottom) : Node
    {
        private double PathsWidth => Paths.Sum(p => p.Measure().Width) + ((Paths.Count - 1) * Gap);

        private double PathsHeight => Paths.Max(p => p.Measure().Height);

        public override (double Width, double Height) Measure() =>
            (Math.Max(PathsWidth, Math.Max(Top.Measure().Width, Bottom.Measure().Width)),
             Top.Measure().Height + PathsHeight + Bottom.Measure().Height + (2 * ArrowLength));

        public override void Draw(Canvas canvas, double x, double y)
        {
            var (width, _) = Measure();
            var centre = x + (width / 2);
            var (topWidth, topHeight) = Top.Measure();
            Top.Draw(canvas, centre - (topWidth / 2), y);
            var pathsTop = y + topHeight + ArrowLength;
            var bottomTop = pathsTop + PathsHeight + ArrowLength;
            var left = centre - (PathsWidth / 2);
            foreach (var path in Paths)
            {
                var (pathWidth, pathHeight) = path.Measure();
                var middle = left + (pathWidth / 2);
                canvas.Arrow((centre, y + topHeight), (middle, pathsTop));
                path.Draw(canvas, left, pathsTop);
                canvas.Arrow((middle, pathsTop + pathHeight), (middle, pathsTop + PathsHeight), (centre, bottomTop));
                left += pathWidth + Gap;
            }

            var bottomWidth = Bottom.Measure().Width;
            Bottom.Draw(canvas, centre - (bottomWidth / 2), bottomTop);
        }
    }

    /// <summary>Titled diagrams side by side, or one above the other.</summary>
    private sealed record Panels(IReadOnlyList<(string Title, Node Node)> Items, bool Vertical) : Node
    {
        private const double TitleHeight = LineHeight + 8;

        private (double Width, double Height) Size((string Title, Node Node) item)
        {
            var (width, height) = item.Node.Measure();
            return (Math.Max(width, TextWidth(item.Title)), height + TitleHeight);
        }

        public override (double Width, double Height) Measure()
        {
            var sizes = Items.Select(Size).ToList();
            return Vertical
                ? (sizes.Max(s => s.Width), sizes.Sum(s => s.Height) + ((sizes.Count - 1) * 2 * Gap))
                : (sizes.Sum(s => s.Width) + ((sizes.Count - 1) * 2 * Gap), sizes.Max(s => s.Height));
        }

        public override void Draw(Canvas canvas, double x, double y)
        {
            var (totalWidth, _) = Measure();
            foreach (var item in Items)
            {
                var (width, height) = Size(item);
                var left = Vertical ? x + ((totalWidth - width) / 2) : x;
                canvas.Text(left + (width / 2), y + FontSize, item.Title, bold: true);
                item.Node.Draw(canvas, left + ((width - item.Node.Measure().Width) / 2), y + TitleHeight);
                if (Vertical)
                {
                    y += height + (2 * Gap);
                }
                else
                {
                    x += width + (2 * Gap);
                }
            }
        }
    }
}
