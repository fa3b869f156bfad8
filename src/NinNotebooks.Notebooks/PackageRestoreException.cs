namespace NinNotebooks.Notebooks;

/// <summary>A <c>#r "nuget:..."</c> could not be restored; the message carries NuGet's errors (e.g. NU1101).</summary>
public sealed class PackageRestoreException(string message) : Exception(message);
