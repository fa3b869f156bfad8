namespace NinNotebooks.Setup;

/// <summary>What <see cref="FSharpCoreCompatibility.Ensure"/> found and did.</summary>
/// <param name="Loaded">The FSharp.Core version this process has, or null when it has none.</param>
/// <param name="Wanted">The newest FSharp.Core version Plotly.NET (or DynamicObj) asks for, or null when neither can be found yet.</param>
/// <param name="Redirected">True when requests for a newer version are now answered with the loaded one.</param>
public sealed record FSharpCoreReport(Version? Loaded, Version? Wanted, bool Redirected)
{
    /// <summary>One line for <c>nin doctor</c> and a notebook's setup cell.</summary>
    public override string ToString() =>
        Loaded is null ? $"no FSharp.Core can be loaded{(Wanted is null ? "" : $", and Plotly.NET asks for {Wanted}")}: charts will fail"
        : !Redirected ? $"FSharp.Core {Loaded} loaded, as new as Plotly.NET asks ({Wanted}); nothing to do"
        : Wanted is null ? $"FSharp.Core {Loaded} loaded; Plotly.NET is not loaded yet, so requests for a newer FSharp.Core will be given {Loaded}"
        : $"FSharp.Core {Loaded} loaded; Plotly.NET asks for {Wanted}, so such requests are given {Loaded}";
}
