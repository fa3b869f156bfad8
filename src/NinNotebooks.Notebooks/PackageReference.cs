namespace NinNotebooks.Notebooks;

/// <summary>A package named by <c>#r "nuget: Name, Version"</c>; a missing version means the latest stable ("*").</summary>
public sealed record PackageReference(string Name, string? Version)
{
    /// <summary>"Name, Version" as the kernel prints it.</summary>
    public override string ToString() => Version is null ? Name : $"{Name}, {Version}";
}
