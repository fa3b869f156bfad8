namespace NinNotebooks.Data;

/// <summary>
/// The record layout of a CIFAR binary file: label byte(s) followed by 3,072 pixel bytes (1,024 red, 1,024 green,
/// 1,024 blue, each a 32×32 image row by row).
/// </summary>
/// <param name="Name">"CIFAR-10" or "CIFAR-100", for messages.</param>
/// <param name="LabelBytes">Label bytes per record: 1 (CIFAR-10) or 2 (CIFAR-100: coarse, then fine).</param>
/// <param name="LabelIndex">Which label byte is the class used (CIFAR-100: 1, the fine label).</param>
/// <param name="NumClasses">Labels must be below this.</param>
public sealed record CifarLayout(string Name, int LabelBytes, int LabelIndex, int NumClasses)
{
    /// <summary>Pixel bytes per image: 3 × 32 × 32.</summary>
    public const int ImageBytes = 3 * 32 * 32;

    /// <summary>CIFAR-10: one label byte, 10 classes; 3,073-byte records.</summary>
    public static CifarLayout Cifar10 { get; } = new("CIFAR-10", 1, 0, 10);

    /// <summary>CIFAR-100: coarse label byte then fine label byte, 100 fine classes; 3,074-byte records.</summary>
    public static CifarLayout Cifar100 { get; } = new("CIFAR-100", 2, 1, 100);

    /// <summary>Bytes per record.</summary>
    public int RecordBytes => LabelBytes + ImageBytes;
}
