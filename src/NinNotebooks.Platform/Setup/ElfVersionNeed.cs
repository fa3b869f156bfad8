namespace NinNotebooks.Platform;

/// <summary>
/// One symbol version that an ELF file needs from another library (an <c>Elf64_Vernaux</c> entry).
/// </summary>
/// <param name="File">The library that must provide it, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Name">The version, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags">The entry's <c>vna_flags</c>.</param>
/// <param name="Index">The version index that symbols bound to this version carry in <c>.gnu.version</c>.</param>
/// <param name="FlagsOffset">File offset of the two-byte <c>vna_flags</c> field.</param>
internal sealed record ElfVersionNeed(string File, string Name, ushort Flags, ushort Index, int FlagsOffset)
{
    /// <summary>Whether the requirement is weak: the dynamic loader does not fail when the version is missing.</summary>
    public bool IsWeak => (Flags & ElfImage.WeakFlag) != 0;
}
