using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace NinNotebooks.Notebooks;

/// <summary>
/// The .NET Interactive kernel that runs a notebook, built as the kernel tool (<c>dotnet-interactive</c>, which VS Code's
/// Polyglot Notebooks starts) builds its C# kernel: a <see cref="CompositeKernel"/> holding a <see cref="CSharpKernel"/>
/// with <c>#r "nuget:..."</c> restored by the kernel's own package manager, the kernel helpers (<c>display</c>,
/// <c>HTML</c>, ...), <c>#!who</c> and value sharing, and kernel extensions loaded from the packages a notebook adds.
/// </summary>
/// <remarks>
/// <c>#!time</c> is added by hand (<see cref="TimeMagic"/>): the tool takes it from a package the feed does not serve.
/// Three additions, each a departure from the kernel tool with its reason in the runner's README: charts render
/// offline (<see cref="OfflineCharts"/>), <c>--torch-backend cuda</c> swaps TorchSharp's CPU package for the CUDA one
/// (<see cref="TorchPackages"/>), and TorchSharp restored from NuGet gets the library's libstdc++ compatibility step.
/// </remarks>
internal static class NotebookKernel
{
    /// <summary>The kernel's name for C#, and the aliases the kernel tool gives it.</summary>
    public const string CSharp = "csharp";

    /// <summary>Builds the kernel for one notebook run.</summary>
    /// <param name="torchBackend">"cpu" or "cuda" (see <see cref="TorchPackages"/>).</param>
    public static CompositeKernel Create(string torchBackend)
    {
        // As the kernel tool sets them up for a notebook front end.
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);

        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, packages) =>
            {
                kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();

        var composite = new CompositeKernel();
        composite.Add(csharp, ["c#", "C#"]);
        composite.DefaultKernelName = CSharp;
        composite.UseImportMagicCommand();
        TimeMagic.Use(composite);
        KernelExtensionLoader.Use(composite, loaded => OfflineCharts.Register());
        TorchPackages.Use(composite, torchBackend);
        return composite;
    }
}
