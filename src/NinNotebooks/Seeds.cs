namespace NinNotebooks;

/// <summary>
/// Derives independent, reproducible seeds from one seed (SplitMix64), e.g. one per epoch for shuffling and one for
/// augmentation. Unlike <see cref="HashCode"/>, the result is the same in every process.
/// </summary>
internal static class Seeds
{
    /// <summary>A seed for stream <paramref name="stream"/> (e.g. an epoch) of <paramref name="seed"/>, in [0, 2⁶³).</summary>
    public static ulong Derive(long seed, long stream, long purpose = 0)
    {
        var z = unchecked((ulong)seed + (0x9E3779B97F4A7C15UL * (ulong)(stream + 1)) + (0xD1B54A32D192ED03UL * (ulong)purpose));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (z ^ (z >> 31)) & 0x7FFF_FFFF_FFFF_FFFFUL;
    }
}
