using Runway.Edge.Hosting;
using Runway.Model;

namespace Runway.Edge.Tests.Hosting;

/// <summary>A real edge on 127.0.0.1 serving one app "shop" whose entry is a site "web" with an index.html, and an HttpClient for it.</summary>
internal sealed class EdgeHarness : IAsyncDisposable
{
    private readonly string _directory;

    private EdgeHarness(EdgeServer edge, string directory)
    {
        Edge = edge;
        _directory = directory;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{edge.Port}") };
    }

    public EdgeServer Edge { get; }

    public HttpClient Client { get; }

    public string SiteDirectory => Path.Combine(_directory, "site");

    public static async Task<EdgeHarness> StartAsync(EdgeSettings? protection = null, EdgeServerOptions? options = null, VercelRouting? routing = null,
        ValueList<EdgeService> services = default)
    {
        var directory = Directory.CreateTempSubdirectory("runway-edge-").FullName;
        var site = Path.Combine(directory, "site");
        Directory.CreateDirectory(site);
        await File.WriteAllTextAsync(Path.Combine(site, "index.html"), "<p>hello</p>");
        var edge = await EdgeServer.StartAsync(options ?? new EdgeServerOptions());
        var diagnostics = edge.Apply(new EdgeApp("shop", "web", [new EdgeSite("web", site, routing ?? VercelRouting.None)], services)
        {
            Protection = protection ?? EdgeSettings.Default,
        });
        Assert.Empty(diagnostics);
        return new EdgeHarness(edge, directory);
    }

    public async Task<string> MetricsAsync()
    {
        using var admin = new HttpClient();
        return await admin.GetStringAsync(new Uri($"http://127.0.0.1:{Edge.AdminPort}/metrics"));
    }

    /// <summary>The metrics once they hold every one of <paramref name="lines"/>: a request is counted after its response went out,
    /// so a client can read the metrics a moment before its own request is in them.</summary>
    public async Task<string[]> MetricsWithAsync(params string[] lines)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var current = (await MetricsAsync()).Split('\n');
            if (lines.All(current.Contains) || DateTime.UtcNow > deadline)
            {
                return current;
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Edge.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>An access log sink that keeps its lines for the test to read.</summary>
internal sealed class LineSink : TextWriter
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            _lines.Add(value ?? "");
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task FlushAsync() => Task.CompletedTask;

    /// <summary>Waits until at least <paramref name="count"/> lines were written (the log writes in the background).</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(int count)
    {
        for (var i = 0; i < 500; i++)
        {
            lock (_gate)
            {
                if (_lines.Count >= count)
                {
                    return [.. _lines];
                }
            }

            await Task.Delay(10);
        }

        lock (_gate)
        {
            return [.. _lines];
        }
    }
}
