namespace NinNotebooks.Platform;

/// <summary>One dynamic symbol of an ELF file and the version index it is bound to (0 and 1 mean unversioned).</summary>
internal sealed record ElfSymbol(string Name, ushort VersionIndex);
