using System.Text.Json;
using NinNotebooks.Platform;
using static TorchSharp.torch;

namespace NinNotebooks.Data;

/// <summary>
/// A synthetic, learnable stand-in for CIFAR-10, for machines without the real data (such as CI): 10 classes of
/// 32×32 colour images, each class a different shape with its own colour and stripe texture, drawn at a random
/// position (up to 9 pixels from the centre in each direction, so where the object is varies as in photographs) and
/// size over a random background with noise. It is deterministic for a seed and can be written as
/// real CIFAR-10 binary files, so loading it exercises the same file-to-tensor path as CIFAR-10. It is NOT CIFAR:
/// every name made from it says "synthetic".
/// </summary>
public static class SyntheticCifar
{
    /// <summary>The marker file that identifies a synthetic folder and records how it was made.</summary>
    public const string MarkerFile = "synthetic.json";

    /// <summary>Chunk size of the generator: results do not depend on it, memory does.</summary>
    private const int Chunk = 1000;

    /// <summary>Seed offset of the test split, so test images are never copies of training images.</summary>
    internal const long TestSeedOffset = 1_000_003;

    /// <summary>Class names in label order: the shape each class draws.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["disc", "square", "triangle", "ring", "plus", "diamond", "bar", "pillar", "saltire", "frame"];

    // One colour per class (red, green, blue in 0..1); jittered per image.
    private static readonly float[,] Colours =
    {
        { 0.90f, 0.15f, 0.15f }, { 0.95f, 0.55f, 0.10f }, { 0.95f, 0.90f, 0.15f }, { 0.55f, 0.90f, 0.15f }, { 0.10f, 0.65f, 0.25f },
        { 0.15f, 0.85f, 0.90f }, { 0.15f, 0.30f, 0.95f }, { 0.55f, 0.20f, 0.90f }, { 0.95f, 0.25f, 0.75f }, { 0.92f, 0.92f, 0.92f },
    };

    /// <summary>
    /// The version of the drawing rules, recorded in <see cref="MarkerFile"/>: version 1 put every object within 5 pixels
    /// of the centre with a radius of 6 to 11 pixels, so always pointing at the centre found most objects; version 2
    /// (this one) spreads them up to 9 pixels from it with a radius of 5 to 9.
    /// </summary>
    public const int GeneratorVersion = 2;

    /// <summary>What a synthetic folder holds (the contents of <see cref="MarkerFile"/>).</summary>
    /// <param name="Description">What the folder is.</param>
    /// <param name="TrainCount">Training images.</param>
    /// <param name="TestCount">Test images.</param>
    /// <param name="Seed">The seed they were drawn with.</param>
    /// <param name="Generator">The <see cref="GeneratorVersion"/> that drew them (1 for folders written before versions were recorded).</param>
    public sealed record Info(string Description, int TrainCount, int TestCount, long Seed, int Generator = 1);

    /// <summary>
    /// Makes <paramref name="count"/> images (uint8 N×3×32×32) with balanced labels (int64 N) in shuffled order; the
    /// same for the same seed and count.
    /// </summary>
    public static (Tensor Images, Tensor Labels) Generate(int count, long seed = 0)
    {
        using var scope = NewDisposeScope();
        var (images, labels, _) = GenerateWithBoxes(count, seed);
        return (images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// <see cref="Generate"/>, plus where each object is: int64 N×4 boxes (x0, y0, x1, y1), the first and last
    /// column and row of the object's pixels, inclusive. Used for the pointing game (<c>PointingGame</c>).
    /// </summary>
    public static (Tensor Images, Tensor Labels, Tensor Boxes) GenerateWithBoxes(int count, long seed = 0) =>
        GenerateWithBoxes(count, seed, GeneratorVersion);

    /// <summary><see cref="GenerateWithBoxes(int, long)"/> with the drawing rules of generator <paramref name="version"/> (1 or 2).</summary>
    internal static (Tensor Images, Tensor Labels, Tensor Boxes) GenerateWithBoxes(int count, long seed, int version)
    {
        if (version is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, $"Synthetic generator version {version} is unknown; this library draws versions 1 and {GeneratorVersion}.");
        }

        Check.Positive(count, nameof(count));
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        var labels = (arange(count, dtype: ScalarType.Int64) % 10).index_select(0, randperm(count, generator: generator));
        var chunks = new List<Tensor>();
        var boxes = new List<Tensor>();
        for (var start = 0; start < count; start += Chunk)
        {
            using var inner = NewDisposeScope();
            var (images, box) = Draw(labels.narrow(0, start, Math.Min(Chunk, count - start)), generator, version);
            chunks.Add(images.MoveToOuterDisposeScope());
            boxes.Add(box.MoveToOuterDisposeScope());
        }

        return (cat(chunks, 0).MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope(), cat(boxes, 0).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The object boxes of the test split in a synthetic folder (see <see cref="GenerateWithBoxes(int, long)"/>), regenerated from
    /// its marker; null when the regenerated images differ from <paramref name="testImages"/> (a folder this code did
    /// not write, or a different generator).
    /// </summary>
    public static Tensor? TestBoxes(Info info, Tensor testImages)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(testImages);
        using var scope = NewDisposeScope();
        var (images, _, boxes) = GenerateWithBoxes(info.TestCount, info.Seed + TestSeedOffset, info.Generator);
        return images.shape.SequenceEqual(testImages.shape) && images.equal(testImages.cpu()).all().item<bool>()
            ? boxes.MoveToOuterDisposeScope()
            : null;
    }

    /// <summary>
    /// Writes a synthetic dataset as CIFAR-10 binary files into the new folder <paramref name="dir"/>:
    /// data_batch_1..5.bin (<paramref name="trainCount"/> images in all), test_batch.bin, batches.meta.txt, the
    /// <see cref="MarkerFile"/> and a README. The folder appears complete or not at all; when another process writes
    /// there meanwhile, its files are kept and this one's are removed.
    /// </summary>
    /// <exception cref="IOException">The folder is not empty, cannot be written, lies through a symbolic link that loops, or another process wrote there meanwhile (the message says which).</exception>
    public static void Write(string dir, int trainCount, int testCount, long seed = 0) =>
        Write(dir, trainCount, testCount, seed, GeneratorVersion);

    /// <summary><see cref="Write(string, int, int, long)"/> with the drawing rules of generator <paramref name="version"/>.</summary>
    /// <remarks>
    /// <paramref name="beforePublish"/> is called just before the finished folder is put in place (tests race another
    /// writer there); by default <see cref="FaultInjection.BeforePublish"/>, which a test in another process drives.
    /// </remarks>
    internal static void Write(string dir, int trainCount, int testCount, long seed, int version, Action? beforePublish = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        if (trainCount < 10 || testCount < 10)
        {
            throw new ArgumentOutOfRangeException(nameof(trainCount), $"A synthetic dataset needs at least 10 training and 10 test images (one per class), got {trainCount} and {testCount}.");
        }

        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        if (PathChecks.LinkLoop(target) is { } loop)
        {
            throw new IOException(loop == target
                ? $"{target} is a symbolic link that loops (following it never reaches a folder); choose another folder."
                : $"Cannot write {target}: {loop} is a symbolic link that loops; choose another folder.");
        }

        var existedEmpty = Directory.Exists(target);
        if (existedEmpty && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"{target} already exists and is not empty; choose another folder or delete it.");
        }

        var parent = Path.GetDirectoryName(target)!;
        if (PathChecks.WhyNotWritable(parent) is { } reason)
        {
            throw new IOException($"Cannot write {target}: the folder {parent} {reason}; choose a folder you can write to.");
        }

        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            var sizes = BatchSizes(trainCount);
            var records = Records(trainCount, seed, version);
            for (int i = 0, offset = 0; i < sizes.Length; offset += sizes[i], i++)
            {
                File.WriteAllBytes(Path.Combine(staging, $"data_batch_{i + 1}.bin"), records.AsSpan(offset * CifarLayout.Cifar10.RecordBytes, sizes[i] * CifarLayout.Cifar10.RecordBytes).ToArray());
            }

            File.WriteAllBytes(Path.Combine(staging, "test_batch.bin"), Records(testCount, seed + TestSeedOffset, version));
            File.WriteAllLines(Path.Combine(staging, "batches.meta.txt"), ClassNames);
            var info = new Info("SYNTHETIC stand-in for CIFAR-10 made by NinNotebooks (not real photographs)", trainCount, testCount, seed, version);
            File.WriteAllText(Path.Combine(staging, MarkerFile), JsonSerializer.Serialize(info));
            File.WriteAllText(Path.Combine(staging, "README.txt"),
                $"SYNTHETIC data, not CIFAR-10. {trainCount} training and {testCount} test images of 10 shapes ({string.Join(", ", ClassNames)}),{Environment.NewLine}" +
                $"generated with seed {seed} by NinNotebooks and stored in the CIFAR-10 binary format.{Environment.NewLine}");
            (beforePublish ?? FaultInjection.BeforePublish)();
            try
            {
                // Only a folder that was there, empty, at the start is replaced; Delete refuses one that has been
                // filled since, and Move refuses to replace anything.
                if (existedEmpty && Directory.Exists(target))
                {
                    Directory.Delete(target);
                }

                Directory.Move(staging, target);
            }
            catch (IOException e) when (Path.Exists(target))
            {
                throw new IOException($"{target}: another process wrote there while this one was writing its data set; what it wrote is kept, and nothing of this one is left behind.", e);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Reads <see cref="MarkerFile"/>; a folder without it is not a synthetic dataset.</summary>
    public static Info ReadMarker(string dir)
    {
        var path = Path.Combine(dir, MarkerFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: not found; {dir} is not a synthetic dataset folder (make one with `nin data synth`).", path);
        }

        try
        {
            return JsonSerializer.Deserialize<Info>(File.ReadAllText(path)) switch
            {
                { TrainCount: <= 0 } or { TestCount: <= 0 } or null => throw new InvalidDataException($"{path}: expected positive TrainCount and TestCount."),
                { Generator: < 1 or > GeneratorVersion } info => throw new InvalidDataException(
                    $"{path}: made by synthetic generator version {info.Generator}; this library draws versions 1 to {GeneratorVersion}."),
                var info => info,
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>How <paramref name="trainCount"/> training images are split over the five batch files.</summary>
    internal static int[] BatchSizes(int trainCount) =>
        [.. Enumerable.Range(0, 5).Select(i => (trainCount / 5) + (i < trainCount % 5 ? 1 : 0))];

    /// <summary>CIFAR-10 records (label byte, then 3,072 pixel bytes) for <paramref name="count"/> generated images.</summary>
    private static byte[] Records(int count, long seed, int version)
    {
        using var scope = NewDisposeScope();
        var (images, labels, _) = GenerateWithBoxes(count, seed, version);
        var records = cat([labels.to(ScalarType.Byte).unsqueeze(1), images.reshape(count, CifarLayout.ImageBytes)], 1);
        return records.data<byte>().ToArray();
    }

    /// <summary>Draws one chunk of images for <paramref name="labels"/>: float shapes, then uint8; and each object's box.</summary>
    private static (Tensor Images, Tensor Boxes) Draw(Tensor labels, Generator generator, int version)
    {
        var n = labels.shape[0];
        var axis = arange(32, dtype: ScalarType.Float32);
        var ys = axis.view(1, 32, 1);
        var xs = axis.view(1, 1, 32);

        // Per-image position (centre ±9 px; version 1: ±5), size (radius 5..9 px; version 1: 6..11), colour jitter,
        // background and stripe phase.
        var (spread, smallest, sizes) = version == 1 ? (10f, 6f, 5f) : (18f, 5f, 4f);
        var cx = (15.5f + ((rand(n, generator: generator) - 0.5f) * spread)).view(n, 1, 1);
        var cy = (15.5f + ((rand(n, generator: generator) - 0.5f) * spread)).view(n, 1, 1);
        var size = (smallest + (rand(n, generator: generator) * sizes)).view(n, 1, 1);
        var jitter = (rand(n, 3, generator: generator) - 0.5f) * 0.5f;
        var background = rand(n, 3, generator: generator) * 0.45f;
        var phase = (rand(n, generator: generator) * (2 * MathF.PI)).view(n, 1, 1);
        var noise = randn([n, 3, 32, 32], generator: generator) * 0.06f;

        var dx = (xs - cx) / size;
        var dy = (ys - cy) / size;
        var masks = stack(Shapes(dx, dy), 0);                                           // 10 x n x 32 x 32
        var mask = masks.gather(0, labels.view(1, n, 1, 1).expand(1, n, 32, 32)).squeeze(0).unsqueeze(1);

        // Class stripes: frequency and angle differ per class, so texture carries the class too.
        var k = labels.to(ScalarType.Float32).view(n, 1, 1);
        var angle = k * (MathF.PI / 10);
        var frequency = 0.6f + ((k % 4) * 0.35f);
        var stripes = (0.75f + (0.25f * sin((frequency * ((xs * cos(angle)) + (ys * sin(angle)))) + phase))).unsqueeze(1);

        var colour = (tensor(Colours).index_select(0, labels) + jitter).clamp(0, 1).view(n, 3, 1, 1);
        var image = (background.view(n, 3, 1, 1) * (1 - mask)) + (colour * stripes * mask) + noise;
        return ((image.clamp(0, 1) * 255).round().to(ScalarType.Byte), Boxes(mask.squeeze(1) > 0));
    }

    /// <summary>The bounding box (x0, y0, x1, y1, inclusive) of each N×H×W mask's true pixels, int64 N×4.</summary>
    private static Tensor Boxes(Tensor masks)
    {
        var rows = masks.any(2).to(ScalarType.Int64);                                    // N x H: rows with object pixels
        var columns = masks.any(1).to(ScalarType.Int64);                                 // N x W
        var last = masks.shape[1] - 1;
        return stack([columns.argmax(1), rows.argmax(1), last - columns.flip(1).argmax(1), last - rows.flip(1).argmax(1)], 1);
    }

    /// <summary>The ten shapes as 0/1 float masks, in <see cref="ClassNames"/> order.</summary>
    private static Tensor[] Shapes(Tensor dx, Tensor dy)
    {
        var ax = dx.abs();
        var ay = dy.abs();
        var radius = sqrt((dx * dx) + (dy * dy));
        var box = maximum(ax, ay);
        Tensor[] shapes =
        [
            radius <= 1,                                                     // disc
            box <= 0.85,                                                     // square
            (dy <= 0.9) & (ax <= (dy + 0.9) * 0.55),                         // triangle
            (radius <= 1) & (radius >= 0.55),                                // ring
            ((ax <= 0.3) & (ay <= 1)) | ((ay <= 0.3) & (ax <= 1)),           // plus
            (ax + ay) <= 1.1,                                                // diamond
            (ay <= 0.35) & (ax <= 1.2),                                      // bar
            (ax <= 0.35) & (ay <= 1.2),                                      // pillar
            (((dx - dy).abs() <= 0.35) | ((dx + dy).abs() <= 0.35)) & (box <= 1), // saltire
            (box <= 1) & (box >= 0.6),                                       // frame
        ];
        return [.. shapes.Select(s => s.to(ScalarType.Float32))];
    }
}
