using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace NinNotebooks.Notebooks;

/// <summary>
/// Compiles a throw-away script on another thread while the kernel is built and the first cell restores its packages,
/// so that the C# compiler's own start-up (about a second of loading and JIT) is mostly done by the time the first cell
/// compiles. The script is not part of the kernel: nothing a notebook can see changes, only when the work happens.
/// </summary>
internal static class CompilerWarmUp
{
    /// <summary>Starts the warm-up; it ends by itself and its failure, if any, is of no interest.</summary>
    public static void Start() => _ = Task.Run(() =>
    {
        try
        {
            CSharpScript.Create("var warm = new System.Collections.Generic.List<int> { 1 }; warm.Count", ScriptOptions.Default).Compile();
        }
#pragma warning disable CA1031 // A failed warm-up only means the first cell pays for the compiler's start itself.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    });
}
