namespace NinNotebooks.Notebooks;

/// <summary>What a restore produced: the packages resolved, their managed assemblies and native libraries.</summary>
/// <param name="Packages">Every package in the graph as "Name, Version".</param>
/// <param name="Assemblies">Runtime assemblies to reference and load.</param>
/// <param name="NativeLibraries">Native libraries for this runtime.</param>
/// <param name="FromCache">True when the result came from the restore cache without running NuGet.</param>
public sealed record RestoreResult(IReadOnlyList<string> Packages, IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeLibraries, bool FromCache);
