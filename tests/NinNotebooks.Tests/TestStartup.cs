using System.Runtime.CompilerServices;
using NinNotebooks.Setup;

namespace NinNotebooks.Tests;

internal static class TestStartup
{
    /// <summary>Starts TorchSharp (with the native compatibility step) before any test touches it.</summary>
    [ModuleInitializer]
    internal static void Start() => TorchRuntime.Initialize();
}
