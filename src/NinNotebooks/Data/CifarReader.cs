using System.Globalization;

namespace NinNotebooks.Data;

/// <summary>
/// Reads CIFAR binary files (<see cref="CifarLayout"/>): checks each file's length and every label before anything
/// is used, then reads all files into one buffer that becomes one tensor (no per-pixel loops).
/// </summary>
public static class CifarReader
{
    /// <summary>
    /// Reads and validates <paramref name="paths"/> in order. <paramref name="recordsPerFile"/> gives the exact record
    /// count each file must hold (10,000 per CIFAR-10 batch); null accepts any whole number of records.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file has the wrong length or a label out of range; the message names the file.</exception>
    internal static RawImages Read(IReadOnlyList<string> paths, CifarLayout layout, IReadOnlyList<int>? recordsPerFile = null)
    {
        var lengths = new long[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            lengths[i] = CheckLength(paths[i], layout, recordsPerFile?[i]);
        }

        var total = lengths.Sum();
        if (total > Array.MaxLength)
        {
            throw new InvalidDataException($"{string.Join(", ", paths.Select(Path.GetFileName))}: {total:N0} bytes in all, more than one buffer can hold.");
        }

        var buffer = GC.AllocateUninitializedArray<byte>((int)total);
        var count = (int)(total / layout.RecordBytes);
        var labels = new long[count];
        var offset = 0;
        for (var i = 0; i < paths.Count; i++)
        {
            using (var stream = new FileStream(paths[i], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
            {
                stream.ReadExactly(buffer, offset, (int)lengths[i]);
            }

            var first = offset / layout.RecordBytes;
            var records = (int)(lengths[i] / layout.RecordBytes);
            for (var r = 0; r < records; r++)
            {
                var label = buffer[((first + r) * layout.RecordBytes) + layout.LabelIndex];
                if (label >= layout.NumClasses)
                {
                    throw new InvalidDataException(
                        $"{paths[i]}: record {r:N0} has label {label}; {layout.Name} labels are 0 to {layout.NumClasses - 1}. The file is not {layout.Name} data or is damaged.");
                }

                labels[first + r] = label;
            }

            offset += (int)lengths[i];
        }

        return new RawImages(buffer, count, layout.RecordBytes, layout.LabelBytes, [count, 3, 32, 32], labels);
    }

    /// <summary>Reads class names, one per non-empty line (CIFAR's batches.meta.txt, fine_label_names.txt).</summary>
    public static IReadOnlyList<string> ReadClassNames(string path, int expected)
    {
        if (!DataFile.Resolve(path).Exists)
        {
            throw new FileNotFoundException($"{path}: class-name file not found.", path);
        }

        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length == expected
            ? names
            : throw new InvalidDataException($"{path}: expected {expected} class names, one per line, found {names.Length}.");
    }

    private static long CheckLength(string path, CifarLayout layout, int? records)
    {
        var info = DataFile.Resolve(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"{path}: {layout.Name} file not found.", path);
        }

        var length = info.Length;
        if (records is { } n && length != (long)n * layout.RecordBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: expected {(long)n * layout.RecordBytes:N0} bytes ({n:N0} records of {layout.RecordBytes:N0} bytes), found {length:N0}{Hint(length, (long)n * layout.RecordBytes)}."));
        }

        if (records is null && length == 0 || length % layout.RecordBytes != 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: expected a whole number of {layout.Name} records of {layout.RecordBytes:N0} bytes, found {length:N0} bytes."));
        }

        return length;
    }

    private static string Hint(long found, long expected) => found < expected ? " (the file is truncated)" : " (the file is too long)";
}
