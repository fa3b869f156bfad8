using System.Reflection;
using System.Runtime.Loader;

namespace NinNotebooks.Setup;

/// <summary>
/// Lets Plotly.NET draw charts in a host whose FSharp.Core is older than the one Plotly.NET was built against. The
/// .NET Interactive kernel (VS Code's Polyglot Notebooks, dotnet-repl) ships FSharp.Core 10.0; Plotly.NET 6.0.0, through
/// DynamicObj 8, asks for 10.1, so without this step every chart cell fails with "Could not load file or assembly
/// 'FSharp.Core, Version=10.1.0.0'".
/// </summary>
/// <remarks>
/// When the loaded FSharp.Core is older than the newest one Plotly.NET or DynamicObj asks for, a handler on the default
/// load context's <see cref="AssemblyLoadContext.Resolving"/> event answers requests for a newer FSharp.Core with the
/// loaded one (the parts Plotly.NET uses exist in both). The handler compares names and versions only: naming an
/// FSharp.Core type inside it would ask for FSharp.Core again and recurse. When Plotly.NET cannot be found yet (a
/// notebook that starts the library before its <c>#r "nuget: Plotly.NET"</c>), the handler is installed too, since it
/// only ever answers a request the host could not meet. In a host whose FSharp.Core is new enough (the <c>nin</c>
/// command, the tests) nothing is installed. <see cref="TorchRuntime.Initialize"/> calls <see cref="Ensure"/>, so a
/// notebook's first cell takes care of it; calling it again is free.
/// </remarks>
public static class FSharpCoreCompatibility
{
    private const string FSharpCore = "FSharp.Core";

    /// <summary>The assemblies whose FSharp.Core request must be met: Plotly.NET and what it brings.</summary>
    private static readonly string[] ChartAssemblies = ["Plotly.NET", "DynamicObj"];

    private static readonly Lazy<FSharpCoreReport> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Installs the handler where it is needed (once per process) and says what was found.</summary>
    public static FSharpCoreReport Ensure() => Installed.Value;

    private static FSharpCoreReport Install()
    {
        var wanted = ChartAssemblies.Select(Load).OfType<Assembly>()
            .SelectMany(a => a.GetReferencedAssemblies())
            .Where(r => r.Name == FSharpCore)
            .Select(r => r.Version)
            .OfType<Version>()
            .DefaultIfEmpty()
            .Max();
        var loaded = Load(FSharpCore);
        var have = loaded?.GetName().Version;
        if (loaded is null || have is null || (wanted is not null && have >= wanted))
        {
            return new FSharpCoreReport(have, wanted, Redirected: false);
        }

        AssemblyLoadContext.Default.Resolving += (_, name) =>
            name.Name == FSharpCore && name.Version is { } asked && asked > have ? loaded : null;
        return new FSharpCoreReport(have, wanted, Redirected: true);
    }

    /// <summary>The assembly the default context gives for a simple name (the loaded one if there is one), or null.</summary>
    private static Assembly? Load(string name)
    {
        try
        {
            return AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name)
                ?? AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }
}
