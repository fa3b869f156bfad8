namespace NinNotebooks.Data;

/// <summary>How far a dataset folder could be checked (see <see cref="DatasetStatus"/>).</summary>
public enum DatasetState
{
    /// <summary>The folder does not exist.</summary>
    Missing,

    /// <summary>Unpacked by nin from downloads whose published MD5 matched, and unchanged since.</summary>
    Verified,

    /// <summary>Every file is present and well-formed, but its origin was not checksum-verified.</summary>
    Valid,

    /// <summary>A file is missing or malformed.</summary>
    Invalid,
}
