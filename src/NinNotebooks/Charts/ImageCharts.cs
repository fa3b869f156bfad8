using Plotly.NET;
using static TorchSharp.torch;

namespace NinNotebooks.Charts;

/// <summary>
/// Pictures in a grid: images (CIFAR samples, first-layer filters) and maps (feature maps, class confidence maps,
/// occlusion sensitivity). The tiles are laid into one picture, so a chart of 100 maps is still one trace.
/// </summary>
public static class ImageCharts
{
    /// <summary>
    /// Shows images as colour (3 channels) or grey (1 channel) tiles, <paramref name="columns"/> per row, with an
    /// optional title over each. Each image is stretched to its own minimum and maximum, so float data such as
    /// normalised images or filter weights shows its pattern; uint8 images are shown as they are.
    /// </summary>
    /// <param name="images">N x C x H x W, C = 1 or 3, uint8 (0..255) or floating point, any device.</param>
    /// <param name="titles">N titles, or null.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="title">The chart's title.</param>
    public static GenericChart Images(Tensor images, IReadOnlyList<string>? titles = null, int columns = 8, string title = "")
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || (images.shape[1] != 1 && images.shape[1] != 3))
        {
            throw new ArgumentException($"images must be N x 1 x H x W or N x 3 x H x W; it was {Shape(images)}.", nameof(images));
        }

        var grid = new Grid(images.shape[0], images.shape[2], images.shape[3], columns, titles);
        var pixels = Scaled(images, images.dtype == ScalarType.Byte ? null : 255.0);
        var (n, c, h, w) = (grid.Count, (int)images.shape[1], grid.TileHeight, grid.TileWidth);
        var z = new int[grid.Height][][];
        for (var y = 0; y < grid.Height; y++)
        {
            z[y] = new int[grid.Width][];
            for (var x = 0; x < grid.Width; x++)
            {
                z[y][x] = [255, 255, 255];
            }
        }

        for (var i = 0; i < n; i++)
        {
            var (top, left) = grid.Origin(i);
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var at = (((long)i * c) * h + y) * w + x;
                    z[top + y][left + x] = c == 1
                        ? [(int)pixels[at], (int)pixels[at], (int)pixels[at]]
                        : [(int)pixels[at], (int)pixels[at + (h * w)], (int)pixels[at + (2 * h * w)]];
                }
            }
        }

        var trace = Figure.Trace("image", ("z", z), ("hoverinfo", "skip"));
        return grid.Chart(trace, title);
    }

    /// <summary>
    /// Shows single-channel maps as heat-map tiles (bright = high), <paramref name="columns"/> per row. With
    /// <paramref name="normalizeEach"/> every map is stretched to 0..1 on its own, which shows where each one is high;
    /// without it all maps share one colour scale, which shows which ones are high.
    /// </summary>
    /// <param name="maps">K x H x W (or 1 x K x H x W) floating point, any device.</param>
    /// <param name="titles">K titles, or null.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="normalizeEach">Scale each map to 0..1 (default) rather than sharing one scale.</param>
    public static GenericChart Maps(Tensor maps, IReadOnlyList<string>? titles = null, int columns = 8, string title = "", bool normalizeEach = true)
    {
        ArgumentNullException.ThrowIfNull(maps);
        if (maps.dim() == 4 && maps.shape[0] == 1)
        {
            using var squeezed = maps.squeeze(0);
            return Maps(squeezed, titles, columns, title, normalizeEach);
        }

        if (maps.dim() != 3)
        {
            throw new ArgumentException($"maps must be K x H x W; it was {Shape(maps)}.", nameof(maps));
        }

        var grid = new Grid(maps.shape[0], maps.shape[1], maps.shape[2], columns, titles);
        using var unsqueezed = maps.unsqueeze(1);
        var values = normalizeEach ? Scaled(unsqueezed, 1.0) : Values(unsqueezed);
        var (h, w) = (grid.TileHeight, grid.TileWidth);
        var z = new double?[grid.Height][];
        for (var y = 0; y < grid.Height; y++)
        {
            z[y] = new double?[grid.Width];
        }

        for (var i = 0; i < grid.Count; i++)
        {
            var (top, left) = grid.Origin(i);
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    z[top + y][left + x] = values[(((long)i * h) + y) * w + x];
                }
            }
        }

        var trace = Figure.Trace("heatmap", ("z", z), ("colorscale", "Viridis"), ("showscale", !normalizeEach), ("hoverongaps", false));
        return grid.Chart(trace, title);
    }

    /// <summary>Values as floats, each image scaled from its own min..max to 0..<paramref name="top"/> (null: unchanged).</summary>
    private static float[] Scaled(Tensor images, double? top)
    {
        if (top is null)
        {
            return Values(images);
        }

        using var scope = NewDisposeScope();
        var flat = images.detach().to(ScalarType.Float32).cpu().flatten(1);
        var min = flat.amin([1], keepdim: true);
        var range = (flat.amax([1], keepdim: true) - min).clamp_min(1e-12);
        return ((flat - min) / range * top.Value).data<float>().ToArray();
    }

    private static float[] Values(Tensor images)
    {
        using var scope = NewDisposeScope();
        return images.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
    }

    private static string Shape(Tensor t) => string.Join(" x ", t.shape);

    /// <summary>Tile layout: a gap between tiles, and room above each row for titles.</summary>
    private sealed class Grid
    {
        private readonly IReadOnlyList<string>? _titles;

        public Grid(long count, long height, long width, int columns, IReadOnlyList<string>? titles)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, "number of tiles");
            ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1, nameof(columns));
            if (titles is not null && titles.Count != count)
            {
                throw new ArgumentException($"{titles.Count} titles for {count} tiles.", nameof(titles));
            }

            _titles = titles;
            Count = (int)count;
            TileHeight = (int)height;
            TileWidth = (int)width;
            Columns = Math.Min(columns, Count);
            Rows = (Count + Columns - 1) / Columns;
            Gap = Math.Max(1, TileWidth / 16);
            TitleBand = titles is null ? Gap : Math.Max(Gap, TileHeight / 3);
        }

        public int Count { get; }

        public int TileHeight { get; }

        public int TileWidth { get; }

        public int Columns { get; }

        public int Rows { get; }

        public int Gap { get; }

        public int TitleBand { get; }

        public int Width => (Columns * (TileWidth + Gap)) - Gap;

        public int Height => Rows * (TileHeight + TitleBand);

        public (int Top, int Left) Origin(int i) => (((i / Columns) * (TileHeight + TitleBand)) + TitleBand, (i % Columns) * (TileWidth + Gap));

        public GenericChart Chart(Trace trace, string title)
        {
            var labels = new List<Dictionary<string, object>>();
            for (var i = 0; _titles is not null && i < Count; i++)
            {
                var (top, left) = Origin(i);
                labels.Add(Figure.Label(_titles[i], left + (TileWidth / 2.0) - 0.5, top - 0.5));
            }

            // as large as fits 900 screen pixels, up to 24 per image pixel (3×3 patches)
            var scale = Math.Clamp(900.0 / Width, 1, 24);
            return Figure.Create([trace], title,
                ("xaxis", Figure.PictureAxis()),
                ("yaxis", Figure.PictureAxis(("autorange", "reversed"), ("scaleanchor", "x"))),
                ("annotations", labels),
                ("width", (int)(Width * scale) + 40),
                ("height", (int)(Height * scale) + 80),
                ("margin", new Dictionary<string, object> { ["l"] = 20, ["r"] = 20, ["t"] = 60, ["b"] = 20 }));
        }
    }
}
