using System.Text.Json;

namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>A real `runway serve` in its own RUNWAY_HOME (edge on an OS-chosen port), and the CLI commands run against it.
/// Disposing kills the daemon, everything it started and the home.</summary>
internal sealed class DaemonUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ITestOutputHelper _output;
    private readonly string _home;
    private readonly string[] _serve;
    private RunwayProcess _process;

    private DaemonUnderTest(string home, string[] serve, ITestOutputHelper output)
    {
        _home = home;
        _serve = serve;
        _output = output;
        _process = RunwayProcess.StartIn(home, output, serve);
    }

    public RunwayProcess Process => _process;

    public string Home => _home;

    public int EdgePort { get; private set; }

    public string Url => $"http://127.0.0.1:{EdgePort}";

    /// <param name="options">More options for `runway serve`.</param>
    public static async Task<DaemonUnderTest> StartAsync(ITestOutputHelper output, params string[] options)
    {
        var home = Directory.CreateTempSubdirectory("runway-daemon-").FullName;
        var daemon = new DaemonUnderTest(home, ["serve", "--port", "0", .. options], output);
        await daemon.WaitUntilReadyAsync();
        return daemon;
    }

    /// <summary>Starts the daemon again on the same home (after it stopped or was killed).</summary>
    public async Task RestartAsync()
    {
        await _process.DisposeAsync();
        _process = RunwayProcess.StartIn(_home, _output, _serve);
        await WaitUntilReadyAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        await _process.WaitForLineAsync("runway: ready", StartTimeout);
        using var address = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_home, "daemon", "api.json")));
        EdgePort = address.RootElement.GetProperty(nameof(EdgePort)).GetInt32();
    }

    /// <summary>Runs `runway ARGS` against this daemon and returns its exit code and output.</summary>
    public async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        await using var cli = RunwayProcess.StartIn(_home, _output, args);
        var exit = await cli.WaitForExitAsync(TimeSpan.FromSeconds(180));
        return (exit, cli.Output);
    }

    /// <summary>Runs a command that must succeed.</summary>
    public async Task<string> RunOkAsync(params string[] args)
    {
        var (exit, output) = await RunAsync(args);
        Assert.True(exit == 0, $"`runway {string.Join(' ', args)}` exited {exit}:\n{output}");
        return output;
    }

    /// <summary>`runway status APP --json`: the app's entry.</summary>
    public async Task<JsonElement> StatusAsync(string app)
    {
        var json = await RunOkAsync("status", app, "--json");
        return JsonDocument.Parse(json).RootElement.GetProperty("apps")[0].Clone();
    }

    public static IEnumerable<JsonElement> Instances(JsonElement app) => app.GetProperty("instances").EnumerateArray();

    /// <summary>Stops the daemon as a service manager would (SIGTERM), so it stops its instances and removes their cgroups;
    /// anything still left is killed.</summary>
    public async ValueTask DisposeAsync()
    {
        _process.Signal(Signals.Terminate);
        try
        {
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Xunit.Sdk.XunitException)
        {
            // Killed below.
        }

        await _process.DisposeAsync();
        foreach (var pid in LeftoverProcesses.Find(_home))
        {
            _ = NativeSignals.Send(pid, Signals.Kill);
        }

        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
