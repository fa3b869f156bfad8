using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Loads kernel extensions from the packages a notebook adds, as the kernel tool does: after a command that added
/// packages, every DLL in a new package's <c>interactive-extensions/dotnet/</c> folder is loaded and each
/// <see cref="IKernelExtension"/> in it is run against the kernel (that is how <c>#r "nuget: Plotly.NET.Interactive"</c>
/// registers its chart formatter), and a package's <c>extension.dib</c> there is run too.
/// </summary>
/// <remarks>
/// The kernel tool does this in its own assembly, which is not a package, so the host does it again here; the
/// messages and the order are the tool's.
/// </remarks>
internal static class KernelExtensionLoader
{
    private const string ExtensionScript = "extension.dib";

    /// <summary>Adds extension loading to <paramref name="kernel"/>; <paramref name="loaded"/> runs after each folder that held any.</summary>
    public static void Use(CompositeKernel kernel, Action<string> loaded)
    {
        var added = new ConcurrentQueue<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        kernel.RegisterForDisposal(kernel.KernelEvents.OfType<PackageAdded>()
            .Where(e => e.PackageReference.PackageRoot is not null)
            .Subscribe(e =>
            {
                lock (seen)
                {
                    if (seen.Add(e.PackageReference.PackageRoot))
                    {
                        added.Enqueue(e.PackageReference.PackageRoot);
                    }
                }
            }));

        var assemblies = new HashSet<string>(StringComparer.Ordinal);
        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context).ConfigureAwait(false);
            while (added.TryDequeue(out var root))
            {
                var folder = new DirectoryInfo(Path.Combine(root, "interactive-extensions", "dotnet"));
                if (folder.Exists)
                {
                    await LoadFolder(kernel, folder, context, assemblies).ConfigureAwait(false);
                    loaded(folder.FullName);
                }
            }
        });
    }

    private static async Task LoadFolder(Kernel kernel, DirectoryInfo folder, KernelInvocationContext context, HashSet<string> assemblies)
    {
        foreach (var file in folder.GetFiles("*.dll", SearchOption.TopDirectoryOnly))
        {
            if (!assemblies.Add(AssemblyName.GetAssemblyName(file.FullName).FullName))
            {
                continue;
            }

            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(file.FullName);
            var types = assembly.ExportedTypes
                .Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false } && typeof(IKernelExtension).IsAssignableFrom(t))
                .ToList();
            if (types.Count > 0)
            {
                KernelInvocationContextExtensions.Display(context, $"Loading extensions from `{assembly.Location}`");
            }

            foreach (var type in types)
            {
                var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                try
                {
                    await extension.OnLoadAsync(kernel).ConfigureAwait(false);
                    context.Publish(new KernelExtensionLoaded(extension, context.Command));
                }
#pragma warning disable CA1031 // An extension may throw anything; the kernel tool reports every failure the same way.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    context.Publish(new ErrorProduced($"Failed to load kernel extension \"{type.Name}\" from assembly {assembly.Location}", context.Command));
                    context.Fail(context.Command, new KernelExtensionLoadException(e));
                }
            }
        }

        var script = new FileInfo(Path.Combine(folder.FullName, ExtensionScript));
        if (script.Exists)
        {
            KernelInvocationContextExtensions.Display(context, $"Loading extension script from `{script.FullName}`");
            await kernel.LoadAndRunInteractiveDocument(script, context.Command).ConfigureAwait(false);
        }
    }
}
