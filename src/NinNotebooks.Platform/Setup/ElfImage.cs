using System.Buffers.Binary;
using System.Text;

namespace NinNotebooks.Platform;

/// <summary>
/// A small reader for the parts of a 64-bit little-endian ELF shared library that GNU symbol versioning uses:
/// the versions it needs from other libraries (<c>.gnu.version_r</c>), the versions it defines
/// (<c>.gnu.version_d</c>), its dynamic symbols with their version indices, and which of those symbols
/// relocations refer to. That is all <see cref="NativeCompatibility"/> needs to decide whether a missing
/// libstdc++ version is harmless.
/// </summary>
internal sealed class ElfImage
{
    /// <summary>Flag bit in <c>vna_flags</c>: the version is a weak requirement (glibc's VER_FLG_WEAK).</summary>
    public const ushort WeakFlag = 0x2;

    private const uint SectionTypeRela = 4;
    private const uint SectionTypeDynSym = 11;
    private const uint SectionTypeRel = 9;
    private const uint SectionTypeVersionDefinitions = 0x6ffffffd;
    private const uint SectionTypeVersionNeeds = 0x6ffffffe;
    private const uint SectionTypeVersionSymbols = 0x6fffffff;

    private readonly byte[] _bytes;
    private readonly Section[] _sections;
    private readonly Lazy<List<ElfSymbol>> _dynamicSymbols;
    private readonly Lazy<HashSet<int>> _relocatedSymbols;

    private ElfImage(string path, byte[] bytes)
    {
        Path = path;
        _bytes = bytes;
        _sections = ReadSections();
        VersionNeeds = ReadVersionNeeds();
        VersionDefinitions = ReadVersionDefinitions();

        // Symbols and relocations are only needed when a version is missing: read them on first use.
        _dynamicSymbols = new(ReadDynamicSymbols);
        _relocatedSymbols = new(ReadRelocatedSymbolIndices);
    }

    /// <summary>The file this image was read from.</summary>
    public string Path { get; }

    /// <summary>A copy of the file's bytes.</summary>
    public byte[] CopyBytes() => (byte[])_bytes.Clone();

    /// <summary>Every (library, version) pair this file needs, with the file offset of its flags field.</summary>
    public IReadOnlyList<ElfVersionNeed> VersionNeeds { get; }

    /// <summary>The version names this file defines (for libstdc++: GLIBCXX_3.4, ..., CXXABI_1.3, ...).</summary>
    public IReadOnlySet<string> VersionDefinitions { get; }

    /// <summary>The dynamic symbol table, in order (index 0 is the null symbol).</summary>
    public IReadOnlyList<ElfSymbol> DynamicSymbols => _dynamicSymbols.Value;

    /// <summary>Indices into <see cref="DynamicSymbols"/> that at least one relocation refers to.</summary>
    public IReadOnlySet<int> RelocatedSymbols => _relocatedSymbols.Value;

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed 64-bit little-endian ELF file.</exception>
    public static ElfImage Read(string path) => new(path, File.ReadAllBytes(path));

    private Section[] ReadSections()
    {
        if (_bytes.Length < 64 || _bytes[0] != 0x7f || _bytes[1] != (byte)'E' || _bytes[2] != (byte)'L' || _bytes[3] != (byte)'F')
        {
            throw Invalid("is not an ELF file (expected the bytes 7F 45 4C 46 at offset 0)");
        }

        if (_bytes[4] != 2)
        {
            throw Invalid("is a 32-bit ELF file; only 64-bit ELF files are supported");
        }

        if (_bytes[5] != 1)
        {
            throw Invalid("is a big-endian ELF file; only little-endian ELF files are supported");
        }

        var sectionTableOffset = ReadUInt64(0x28);
        var entrySize = ReadUInt16(0x3A);
        var count = ReadUInt16(0x3C);
        if (count == 0 || entrySize != 64)
        {
            throw Invalid($"has no usable section header table (count {count}, entry size {entrySize}, expected 64)");
        }

        CheckRange(sectionTableOffset, (ulong)count * entrySize, "the section header table");
        var sections = new Section[count];
        for (var i = 0; i < count; i++)
        {
            var at = (int)sectionTableOffset + (i * entrySize);
            var section = new Section(
                Type: ReadUInt32(at + 4),
                Offset: ReadUInt64(at + 24),
                Size: ReadUInt64(at + 32),
                Link: ReadUInt32(at + 40),
                Info: ReadUInt32(at + 44));
            if (section.Type != 8)
            {
                // Type 8 (NOBITS, e.g. .bss) occupies no bytes in the file.
                CheckRange(section.Offset, section.Size, $"section {i}");
            }

            sections[i] = section;
        }

        return sections;
    }

    private List<ElfVersionNeed> ReadVersionNeeds()
    {
        var needs = new List<ElfVersionNeed>();
        foreach (var section in SectionsOfType(SectionTypeVersionNeeds))
        {
            var strings = LinkedSection(section);
            var entry = (int)section.Offset;
            for (var i = 0; i < section.Info; i++)
            {
                CheckRange((ulong)entry, 16, "a version-needed entry");
                var auxCount = ReadUInt16(entry + 2);
                var file = ReadString(strings, ReadUInt32(entry + 4));
                var aux = entry + (int)ReadUInt32(entry + 8);
                for (var j = 0; j < auxCount; j++)
                {
                    CheckRange((ulong)aux, 16, "a version-needed auxiliary entry");
                    needs.Add(new ElfVersionNeed(
                        File: file,
                        Name: ReadString(strings, ReadUInt32(aux + 8)),
                        Flags: ReadUInt16(aux + 4),
                        Index: (ushort)(ReadUInt16(aux + 6) & 0x7fff),
                        FlagsOffset: aux + 4));
                    aux += (int)ReadUInt32(aux + 12);
                }

                entry += (int)ReadUInt32(entry + 12);
            }
        }

        return needs;
    }

    private HashSet<string> ReadVersionDefinitions()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in SectionsOfType(SectionTypeVersionDefinitions))
        {
            var strings = LinkedSection(section);
            var entry = (int)section.Offset;
            for (var i = 0; i < section.Info; i++)
            {
                CheckRange((ulong)entry, 20, "a version-definition entry");
                var aux = entry + (int)ReadUInt32(entry + 12);
                CheckRange((ulong)aux, 8, "a version-definition auxiliary entry");

                // The first auxiliary entry names the version itself; later ones name its parents.
                names.Add(ReadString(strings, ReadUInt32(aux)));
                entry += (int)ReadUInt32(entry + 16);
            }
        }

        return names;
    }

    private List<ElfSymbol> ReadDynamicSymbols()
    {
        var symbols = new List<ElfSymbol>();
        var table = SectionsOfType(SectionTypeDynSym).FirstOrDefault();
        if (table is null)
        {
            return symbols;
        }

        var strings = LinkedSection(table);
        var versions = SectionsOfType(SectionTypeVersionSymbols).FirstOrDefault();
        var count = (int)(table.Size / 24);
        for (var i = 0; i < count; i++)
        {
            var at = (int)table.Offset + (i * 24);
            var version = versions is null || (ulong)(2 * i) >= versions.Size
                ? (ushort)0
                : (ushort)(ReadUInt16((int)versions.Offset + (2 * i)) & 0x7fff);
            symbols.Add(new ElfSymbol(ReadString(strings, ReadUInt32(at)), version));
        }

        return symbols;
    }

    private HashSet<int> ReadRelocatedSymbolIndices()
    {
        var indices = new HashSet<int>();
        var dynSymIndex = Array.FindIndex(_sections, s => s.Type == SectionTypeDynSym);
        foreach (var section in _sections.Where(s => (s.Type == SectionTypeRela || s.Type == SectionTypeRel) && s.Link == dynSymIndex))
        {
            var entrySize = section.Type == SectionTypeRela ? 24 : 16;
            for (var at = (int)section.Offset; at + entrySize <= (int)(section.Offset + section.Size); at += entrySize)
            {
                // r_info: symbol index in the high 32 bits, relocation type in the low 32 bits.
                indices.Add((int)(ReadUInt64(at + 8) >> 32));
            }
        }

        indices.Remove(0);
        return indices;
    }

    private IEnumerable<Section> SectionsOfType(uint type) => _sections.Where(s => s.Type == type);

    private Section LinkedSection(Section section) =>
        section.Link < _sections.Length
            ? _sections[section.Link]
            : throw Invalid($"links to section {section.Link}, but it has only {_sections.Length} sections");

    private string ReadString(Section strings, uint offset)
    {
        var start = (int)(strings.Offset + offset);
        var end = offset < strings.Size ? Array.IndexOf(_bytes, (byte)0, start, (int)(strings.Size - offset)) : -1;
        if (end < 0)
        {
            throw Invalid($"has a string offset {offset} outside its string table");
        }

        return Encoding.UTF8.GetString(_bytes, start, end - start);
    }

    private void CheckRange(ulong offset, ulong length, string what)
    {
        if (offset > (ulong)_bytes.Length || length > (ulong)_bytes.Length - offset)
        {
            throw Invalid($"is truncated or corrupt: {what} at offset {offset} (length {length}) lies past the end of the file ({_bytes.Length} bytes)");
        }
    }

    private ushort ReadUInt16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(at, 2));

    private uint ReadUInt32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(at, 4));

    private ulong ReadUInt64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan(at, 8));

    private InvalidDataException Invalid(string problem) => new($"{Path} {problem}.");

    private sealed record Section(uint Type, ulong Offset, ulong Size, uint Link, uint Info);
}
