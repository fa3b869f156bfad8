namespace NinNotebooks.Data;

/// <summary>
/// A dataset is not on disk and cannot be downloaded (no network, server down). The message says where to put the
/// archive or the extracted files by hand, with their exact names.
/// </summary>
public sealed class DatasetUnavailableException : IOException
{
    /// <summary>Creates the exception with a message (see <see cref="ForManualInstall"/>).</summary>
    public DatasetUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>An error that starts with <paramref name="reason"/> and then explains how to install the dataset by hand.</summary>
    public static DatasetUnavailableException ForManualInstall(DatasetSource source, string root, string reason, Exception? inner = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var folder = Path.Combine(root, source.DirectoryName);
        var archives = string.Join(Environment.NewLine, source.Downloads.Select(d => $"    {Path.Combine(root, d.FileName)}   (MD5 {d.Md5}, from {d.Url})"));
        var files = string.Join(Environment.NewLine, source.ExpectedFiles.Select(f => $"    {Path.Combine(folder, f)}"));
        var message =
            $"{reason}{Environment.NewLine}" +
            $"To install {source.Name} by hand, do one of these and run again:{Environment.NewLine}" +
            $"  1. Put the downloaded file(s) here (they are checked and unpacked for you):{Environment.NewLine}{archives}{Environment.NewLine}" +
            $"  2. Or unpack them yourself so that these files exist:{Environment.NewLine}{files}{Environment.NewLine}" +
            $"The data folder is the one given, else ${DataRoot.EnvironmentVariable}, else the repository's data/ folder.";
        return new DatasetUnavailableException(message, inner);
    }
}
