namespace NinNotebooks;

/// <summary>
/// Derives independent, reproducible seeds from one seed (SplitMix64), e.g. one per epoch for shuffling and one for
/// augmentation. Unlike <see cref="HashCode"/>, the result is the same in every process.
/// </summary>
internal static class Seeds
{
    /// <summary>
    /// A seed for stream <paramref name="stream"/> (e.g. an epoch) of <paramref name="seed"/> for one
    /// <paramref name="purpose"/>, in [0, 2⁶³): the same seed and epoch give unrelated numbers for each purpose.
    /// </summary>
    public static ulong Derive(long seed, long stream, SeedPurpose purpose)
    {
        var z = unchecked((ulong)seed + (0x9E3779B97F4A7C15UL * (ulong)(stream + 1)) + (0xD1B54A32D192ED03UL * (ulong)(long)purpose));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (z ^ (z >> 31)) & 0x7FFF_FFFF_FFFF_FFFFUL;
    }
}

/// <summary>What a derived seed is for (<see cref="Seeds.Derive"/>); the values are part of every stored run's meaning, so never renumber them.</summary>
internal enum SeedPurpose
{
    /// <summary>The order of the training batches (<see cref="Data.BatchLoader"/>).</summary>
    Shuffle = 1,

    /// <summary>Crops and flips (<see cref="Data.RandomCropFlip"/>).</summary>
    Augmentation = 2,

    /// <summary>Dropout masks, through the global generator (<see cref="Training.Trainer"/>).</summary>
    Dropout = 3,

    /// <summary>The edge-patch toy dataset (<see cref="Data.EdgePatches"/>).</summary>
    EdgePatches = 4,
}
