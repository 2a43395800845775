using System.Diagnostics;
using System.Security.Cryptography;
using Runway.Build.Planning;
using Runway.Build.Releases;
using Runway.Build.Tests.Support;
using Runway.Model;
using Runway.Tests.Shared;

namespace Runway.Build.Tests.Building;

/// <summary>An app directory and a Runway home in a temp directory, a builder over them, and the output it reported.</summary>
internal sealed class BuildHarness : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly List<BuildOutputLine> _lines = [];
    private readonly Lock _lock = new();

    public BuildHarness()
    {
        Directory.CreateDirectory(AppRoot);
        Store = new ReleaseStore(new RunwayHome(_temp.Combine("home")), TimeProvider.System);
        Builder = new Builder(Store);
    }

    public string AppRoot => _temp.Combine("app");

    public ReleaseStore Store { get; }

    public Builder Builder { get; }

    /// <summary>Called for every reported line, on the thread that reported it.</summary>
    public Action<BuildOutputLine>? OnLine { get; set; }

    public IReadOnlyList<BuildOutputLine> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public string Write(string relativePath, string text, UnixFileMode? mode = null) => _temp.Write(Path.Combine("app", relativePath), text, mode);

    public async Task<AppBuildResult> BuildAsync(AppSpec app, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        return await Builder.BuildAppAsync(app, new Recorder(this), timeout.Token);
    }

    public AppSpec App(IEnumerable<ServiceSpec>? services = null, IEnumerable<SiteSpec>? sites = null, ValueMap? variables = null) =>
        Specs.App(AppRoot, services, sites, variables);

    /// <summary>Every file under the app root with a hash of its content and its mode, to prove a build left it alone.</summary>
    public IReadOnlyDictionary<string, string> SnapshotSource() =>
        Directory.EnumerateFileSystemEntries(AppRoot, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToDictionary(
                path => Path.GetRelativePath(AppRoot, path),
                path => Directory.Exists(path)
                    ? "dir " + File.GetUnixFileMode(path)
                    : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) + " " + File.GetUnixFileMode(path) + " " + File.GetLastWriteTimeUtc(path).Ticks);

    /// <summary>Runs a plan's start command the way the runtime would: /bin/sh -c in the part directory with its run environment.</summary>
    public static async Task<(int ExitCode, string Output)> RunStartCommandAsync(PartBuildResult part)
    {
        var startInfo = new ProcessStartInfo("/bin/sh") { WorkingDirectory = part.Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(part.Plan.StartCommand!);
        var inherited = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? ""));
        startInfo.Environment.Clear();
        foreach (var (key, value) in part.Plan.ComposeRunEnvironment(part.Directory, inherited))
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, (await output) + (await error));
    }

    /// <summary>Whether a process is still running (a zombie waiting for its parent counts as gone).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until the process is gone, for at most a few seconds.</summary>
    public static async Task<bool> WaitGoneAsync(int pid)
    {
        for (var i = 0; i < 100 && IsRunning(pid); i++)
        {
            await Task.Delay(50);
        }

        return !IsRunning(pid);
    }

    public void Dispose() => _temp.Dispose();

    private sealed class Recorder(BuildHarness harness) : IProgress<BuildOutputLine>
    {
        public void Report(BuildOutputLine value)
        {
            lock (harness._lock)
            {
                harness._lines.Add(value);
            }

            harness.OnLine?.Invoke(value);
        }
    }
}
