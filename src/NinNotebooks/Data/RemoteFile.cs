namespace NinNotebooks.Data;

/// <summary>A file to download, with the checksum and size its publisher gives.</summary>
/// <param name="FileName">Name of the file on disk, e.g. "cifar-10-binary.tar.gz".</param>
/// <param name="Url">Where it is downloaded from.</param>
/// <param name="Md5">Published MD5 checksum, lower-case hex.</param>
/// <param name="Size">Size in bytes.</param>
public sealed record RemoteFile(string FileName, Uri Url, string Md5, long Size);
