using System.Security.Cryptography;
using NinNotebooks.Progress;

namespace NinNotebooks.Data;

/// <summary>
/// Puts a dataset in place: download each file to a temporary name, check its size and published MD5, unpack into a
/// temporary folder, validate every file, and only then rename the folder into place. An interrupted or failed run
/// leaves nothing that looks like a dataset, and a present, valid dataset is never downloaded again.
/// </summary>
public sealed class DatasetDownloader : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>
    /// Uses a fresh <see cref="HttpClient"/> (or one over <paramref name="handler"/>, e.g. a test double) with
    /// <paramref name="timeout"/> per request (default 10 minutes).
    /// </summary>
    public DatasetDownloader(HttpMessageHandler? handler = null, TimeSpan? timeout = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = timeout ?? TimeSpan.FromMinutes(10);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("NinNotebooks/1.0");
    }

    /// <summary>
    /// Returns the folder of <paramref name="source"/> under the data root (see <see cref="DataRoot.Resolve"/>), downloading
    /// and unpacking it first when it is not there yet. A folder that is there is never downloaded again (its files are
    /// validated in full when loaded); downloads already present with the right checksum are reused.
    /// </summary>
    /// <exception cref="DatasetUnavailableException">The download failed (e.g. offline); the message explains the manual install.</exception>
    /// <exception cref="InvalidDataException">A checksum, an archive or a file is wrong; nothing partial is left behind.</exception>
    /// <exception cref="IOException">The data folder cannot be created or written.</exception>
    public string Ensure(DatasetSource source, string? dataDir = null, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var root = DataRoot.Resolve(dataDir);
        var target = Path.Combine(root, source.DirectoryName);
        if (Directory.Exists(target))
        {
            // Present: never downloaded again. Its files are validated in full when they are loaded.
            var missing = source.ExpectedFiles.Where(f => !File.Exists(Path.Combine(target, f))).ToList();
            return missing.Count == 0
                ? target
                : throw new InvalidDataException(
                    $"{target} is there but is not a valid {source.Name} folder: it lacks {string.Join(", ", missing)}. Delete the folder to download and unpack it again.");
        }

        CheckWritable(root);
        foreach (var file in source.Downloads)
        {
            Fetch(file, source, root, progress, cancellation);
        }

        var staging = Path.Combine(root, $".{source.DirectoryName}.{Guid.NewGuid():N}.tmp");
        try
        {
            var unpacked = Path.Combine(staging, source.DirectoryName);
            Unpack(source, root, unpacked);
            Datasets.Get(source.Name).Read(unpacked);
            VerifiedMarker.Describe(unpacked, source.Downloads).Write(unpacked);
            Directory.Move(unpacked, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return target;
    }

    /// <summary>Lowercase hex MD5 of a file.</summary>
    public static string Md5Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
#pragma warning disable CA5351 // MD5 is what the dataset publishers give; it checks integrity, not security.
        return Convert.ToHexString(MD5.HashData(stream)).ToLowerInvariant();
#pragma warning restore CA5351
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private static void CheckWritable(string root) =>
        DataRoot.CheckWritable(root, $"choose another data folder, or set ${DataRoot.EnvironmentVariable}.");

    private void Fetch(RemoteFile file, DatasetSource source, string root, IProgress<ProgressUpdate>? progress, CancellationToken cancellation)
    {
        var path = Path.Combine(root, file.FileName);
        if (File.Exists(path))
        {
            var found = Md5Of(path);
            if (found != file.Md5)
            {
                throw new InvalidDataException(
                    $"{path}: MD5 is {found}, expected {file.Md5}. The file is incomplete or not the official one; delete it and run again.");
            }

            return;
        }

        var partial = Path.Combine(root, $".{file.FileName}.{Guid.NewGuid():N}.part");
        try
        {
            Download(file, partial, progress, cancellation);
            var length = new FileInfo(partial).Length;
            var md5 = Md5Of(partial);
            if (md5 != file.Md5)
            {
                throw new InvalidDataException(
                    $"{file.Url}: downloaded {length:N0} bytes with MD5 {md5}, expected {file.Size:N0} bytes with MD5 {file.Md5}. The download is corrupt; run again.");
            }

            File.Move(partial, path);
        }
        catch (HttpRequestException e)
        {
            throw DatasetUnavailableException.ForManualInstall(source, root, $"Could not download {file.FileName} from {file.Url} ({e.Message}).", e);
        }
        catch (HttpIOException e)
        {
            throw DatasetUnavailableException.ForManualInstall(source, root, $"The download of {file.FileName} from {file.Url} broke off ({e.Message}).", e);
        }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw DatasetUnavailableException.ForManualInstall(source, root, $"Downloading {file.FileName} from {file.Url} timed out.", e);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private void Download(RemoteFile file, string partial, IProgress<ProgressUpdate>? progress, CancellationToken cancellation)
    {
        using var response = _http.Send(new HttpRequestMessage(HttpMethod.Get, file.Url), HttpCompletionOption.ResponseHeadersRead, cancellation);
        response.EnsureSuccessStatusCode();
        var meter = new ProgressMeter(progress, $"download {file.FileName}", response.Content.Headers.ContentLength ?? file.Size, "B");
        using var input = response.Content.ReadAsStream(cancellation);
        using var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var buffer = new byte[1 << 16];
        long done = 0;
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            output.Write(buffer, 0, read);
            done += read;
            meter.Report(done);
        }
    }

    private static void Unpack(DatasetSource source, string root, string destination)
    {
        if (source.Kind == ArchiveKind.TarGz)
        {
            ArchiveExtractor.ExtractTarGz(Path.Combine(root, source.Downloads[0].FileName), source.DirectoryName, destination);
            return;
        }

        Directory.CreateDirectory(destination);
        foreach (var file in source.Downloads)
        {
            ArchiveExtractor.Gunzip(Path.Combine(root, file.FileName), Path.Combine(destination, Path.GetFileNameWithoutExtension(file.FileName)));
        }
    }
}
