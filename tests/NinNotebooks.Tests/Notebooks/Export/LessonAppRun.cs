namespace NinNotebooks.Tests.Notebooks.Export;

/// <summary>
/// <c>dotnet run APP.cs -- ARGS</c> for an exported lesson app, with the app's build in the test's own folder rather
/// than the SDK's cache (~/.local/share/dotnet/runfile), so a test leaves no build behind.
/// </summary>
internal static class LessonAppRun
{
    /// <summary>Where the app's build goes: a folder per app inside <paramref name="dir"/>.</summary>
    public static string BuildFolder(TemporaryDirectory dir, string app) => dir.File("build", Path.GetFileNameWithoutExtension(app));

    public static ChildProcess.Result Run(TemporaryDirectory dir, string app, params string[] args) =>
        ChildProcess.Run("dotnet", ["run", "--artifacts-path", BuildFolder(dir, app), app, "--", .. args], dir.Path, TimeSpan.FromMinutes(10));
}
