namespace NinNotebooks.Data;

/// <summary>How a dataset's downloaded files become its folder.</summary>
public enum ArchiveKind
{
    /// <summary>One .tar.gz archive whose top folder is the dataset folder (CIFAR).</summary>
    TarGz,

    /// <summary>Several .gz files, each decompressed into the dataset folder (MNIST's IDX files).</summary>
    GzipFiles,
}
