using System.Globalization;

namespace NinNotebooks.Data;

/// <summary>What is on disk for one dataset (what <c>nin data info</c> prints).</summary>
/// <param name="Name">Dataset name ("cifar10", ..., "synthetic").</param>
/// <param name="Folder">Where the dataset's folder is or would be.</param>
/// <param name="State">Missing, verified, valid but unverified, or invalid.</param>
/// <param name="Bytes">Size of the folder's files (0 when missing).</param>
/// <param name="Detail">What was checked, or what is wrong.</param>
public sealed record DatasetStatus(string Name, string Folder, DatasetState State, long Bytes, string Detail)
{
    /// <summary>Inspects every dataset under the data root (see <see cref="DataRoot.Resolve"/>), reading each present folder in full.</summary>
    public static IReadOnlyList<DatasetStatus> InspectAll(string? dataDir = null)
    {
        var root = DataRoot.Resolve(dataDir);
        return [.. Datasets.All.Select(d => Inspect(d.Name, Path.Combine(root, d.DirectoryName), d.Source?.Downloads ?? []))];
    }

    /// <summary>Inspects the folder <paramref name="folder"/> of dataset <paramref name="name"/>.</summary>
    public static DatasetStatus Inspect(string name, string folder, IReadOnlyList<RemoteFile> downloads)
    {
        if (!Directory.Exists(folder))
        {
            var archives = downloads.Where(d => File.Exists(Path.Combine(Path.GetDirectoryName(folder)!, d.FileName))).Select(d => d.FileName).ToList();
            var note = archives.Count > 0 ? $"not unpacked yet; {string.Join(", ", archives)} present"
                : downloads.Count > 0 ? "not downloaded"
                : "not generated (made on first use, or with `nin data synth`)";
            return new(name, folder, DatasetState.Missing, 0, note);
        }

        var bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
        try
        {
            var contents = Datasets.Get(name).Read(folder);
            var counts = string.Create(CultureInfo.InvariantCulture, $"{contents.Train.Count:N0} train + {contents.Test.Count:N0} test images");
            if (contents.IsSynthetic)
            {
                return new(name, folder, DatasetState.Valid, bytes, $"{counts}; SYNTHETIC stand-in, not real photographs");
            }

            VerifiedMarker? marker;
            string? problem;
            try
            {
                marker = VerifiedMarker.Read(folder);
                problem = marker?.Mismatch(folder, Datasets.Get(name).Source?.ExpectedFiles ?? []);
            }
            catch (InvalidDataException e)
            {
                (marker, problem) = (null, e.Message);
            }

            const string Unverified = "files well-formed, but not unpacked by nin from a checksum-verified archive";
            return marker is not null && problem is null
                ? new(name, folder, DatasetState.Verified, bytes, $"{counts}; unpacked from {string.Join(", ", marker.Archives.Select(a => $"{a.FileName} (MD5 {a.Md5} matched)"))}")
                : new(name, folder, DatasetState.Valid, bytes, problem is null ? $"{counts}; {Unverified}" : $"{counts}; {Unverified} ({problem})");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return new(name, folder, DatasetState.Invalid, bytes, e.Message);
        }
    }
}
