using NinNotebooks.Training;
using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// The pointing game: does a map's most telling position lie on the object? For each image, the peak of a saliency
/// map (its maximum, e.g. of the true class's confidence map, or its minimum, e.g. of an occlusion map, where covering
/// the object hurt most) is taken back to image pixels and counted as a hit when it falls inside the object's box.
/// Chance is what a uniformly random point would score: the mean share of the image the boxes cover. A second baseline,
/// <see cref="CentreRate"/>, is what always pointing at the image's centre would score: high when objects sit near
/// the centre, as they do in the synthetic stand-in.
/// </summary>
/// <param name="HitRate">The fraction of images whose peak lies inside the object's box.</param>
/// <param name="Chance">The mean fraction of the image covered by the boxes.</param>
/// <param name="Count">Number of images.</param>
/// <param name="CentreRate">The fraction of boxes that contain the image's centre.</param>
/// <remarks>Taught in notebooks/03-global-average-pooling.ipynb and notebooks/07-what-nin-learns.ipynb.</remarks>
public sealed record PointingGame(double HitRate, double Chance, int Count, double CentreRate)
{
    /// <summary>
    /// Scores maps (N×h×w) against boxes (N×4: x0, y0, x1, y1, inclusive pixels) of <paramref name="imageSize"/>-wide
    /// images. Map cell (i, j) stands for the image point (<paramref name="offset"/> + j·<paramref name="stride"/>,
    /// <paramref name="offset"/> + i·<paramref name="stride"/>), in pixel units where pixel x covers [x, x + 1).
    /// </summary>
    /// <param name="maps">N×h×w saliency maps.</param>
    /// <param name="boxes">N×4 object boxes.</param>
    /// <param name="imageSize">The images' side in pixels.</param>
    /// <param name="stride">Pixels between neighbouring map cells.</param>
    /// <param name="offset">The image point of cell (0, 0).</param>
    /// <param name="useMinimum">Take each map's minimum instead of its maximum (occlusion maps).</param>
    public static PointingGame Score(Tensor maps, Tensor boxes, int imageSize, double stride, double offset, bool useMinimum = false)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(boxes);
        Check.Positive(imageSize, nameof(imageSize));
        if (maps.dim() != 3 || boxes.dim() != 2 || boxes.shape[1] != 4 || boxes.shape[0] != maps.shape[0] || maps.shape[0] == 0)
        {
            throw new ArgumentException($"Expected maps N×h×w and boxes N×4 with N ≥ 1, got [{string.Join(", ", maps.shape)}] and [{string.Join(", ", boxes.shape)}].");
        }

        using var scope = NewDisposeScope();
        var width = maps.shape[2];
        var flat = maps.detach().cpu().to(ScalarType.Float32).flatten(1);
        var peaks = (useMinimum ? flat.argmin(1) : flat.argmax(1)).data<long>().ToArray();
        var box = boxes.cpu().to(ScalarType.Int64).data<long>().ToArray();
        var hits = 0;
        var centred = 0;
        var covered = 0.0;
        var middle = imageSize / 2.0;
        for (var n = 0; n < peaks.Length; n++)
        {
            var (x, y) = (offset + (peaks[n] % width * stride), offset + (peaks[n] / width * stride));
            var (x0, y0, x1, y1) = (box[4 * n], box[(4 * n) + 1], box[(4 * n) + 2], box[(4 * n) + 3]);
            hits += x >= x0 && x <= x1 + 1 && y >= y0 && y <= y1 + 1 ? 1 : 0;
            centred += middle >= x0 && middle <= x1 + 1 && middle >= y0 && middle <= y1 + 1 ? 1 : 0;
            covered += (double)(x1 - x0 + 1) * (y1 - y0 + 1) / ((double)imageSize * imageSize);
        }

        return new PointingGame((double)hits / peaks.Length, covered / peaks.Length, peaks.Length, (double)centred / peaks.Length);
    }

    /// <summary>Class maps (N×h×w, one per image) of <paramref name="imageSize"/>-wide images: each cell stands for its centre.</summary>
    public static PointingGame ForClassMaps(Tensor maps, Tensor boxes, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(maps);
        var stride = (double)imageSize / maps.shape[^1];
        return Score(maps, boxes, imageSize, stride, stride / 2);
    }

    /// <summary>Occlusion maps from <see cref="Occlusion.Sensitivity"/>: the minimum, at the centre of the covering square.</summary>
    public static PointingGame ForOcclusion(Tensor maps, Tensor boxes, int imageSize, int patch = 8, int stride = 2) =>
        Score(maps, boxes, imageSize, stride, patch / 2.0, useMinimum: true);

    /// <summary>How many times chance the hit rate is.</summary>
    public double TimesChance => HitRate / Chance;

    /// <summary>The result, e.g. "pointing game: 41.50 % of test images (chance 24.10 %)", then the centre baseline on a second line.</summary>
    public override string ToString() =>
        $"pointing game: {TrainingReport.Percent(HitRate)} of test images (chance {TrainingReport.Percent(Chance)})\nalways pointing at the centre: {TrainingReport.Percent(CentreRate)}";
}
