namespace NinNotebooks.Tests.Notebooks.Export;

/// <summary>
/// Debian's Chromium, headless, on a closed network: every host name resolves to nothing, no background traffic, no
/// first-run or sync. Loads a file and reports the DOM after scripts ran and the script errors it logged.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    public sealed record Page(string Dom, IReadOnlyList<string> ScriptErrors);

    public static Page Load(string file, string profile)
    {
        var result = Run(profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=20000", "--dump-dom", new Uri(file).AbsoluteUri);
        var errors = result.Error.Split('\n')
            .Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) && (l.Contains("\"Uncaught", StringComparison.Ordinal) || l.Contains("ERROR:CONSOLE", StringComparison.Ordinal)))
            .ToList();
        return new Page(result.Output, errors);
    }

    public static void Screenshot(string file, string png, string profile) =>
        Run(profile, "--window-size=1200,1800", "--virtual-time-budget=20000", $"--screenshot={png}", new Uri(file).AbsoluteUri);

    private static ChildProcess.Result Run(string profile, params string[] arguments)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: the browser test needs Debian's chromium (bash environment/install-chromium.sh).");
        }

        string[] closed =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
            "--metrics-recording-only", "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={profile}",
        ];
        var result = ChildProcess.Run(Executable, [.. closed, .. arguments], Path.GetTempPath(), TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"chromium exited with {result.ExitCode}: {result.Error}");
        }

        return result;
    }
}
