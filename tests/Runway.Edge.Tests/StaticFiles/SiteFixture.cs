using System.Net;
using System.Net.Sockets;
using System.Text;
using Runway.Edge.StaticFiles;

namespace Runway.Edge.Tests.StaticFiles;

/// <summary>A temporary site directory, a <see cref="StaticSiteServer"/> over it and an HttpClient that does not
/// decompress (so encodings can be asserted). Deletes everything on dispose.</summary>
internal sealed class SiteFixture : IAsyncDisposable
{
    private StaticSiteServer? _server;

    public SiteFixture()
    {
        Scratch = Directory.CreateTempSubdirectory("runway-static-").FullName;
        Root = Path.Combine(Scratch, "site");
        Directory.CreateDirectory(Root);
    }

    /// <summary>Holds the site and, beside it, files that must never be served.</summary>
    public string Scratch { get; }

    public string Root { get; }

    public ManualTimeProvider Time { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public int Port => _server!.Port;

    public string Write(string relativePath, string text) => Write(relativePath, Encoding.UTF8.GetBytes(text));

    public string Write(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public async Task<SiteFixture> StartAsync(StaticFileServingOptions? options = null, bool cleanUrls = false)
    {
        _server = await StaticSiteServer.StartAsync(Root, 0, cleanUrls, options ?? new StaticFileServingOptions(), Time, CancellationToken.None);
        Client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseProxy = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{_server.Port}"),
        };
        return this;
    }

    public Task<HttpResponseMessage> GetAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, path, headers);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Sends <paramref name="target"/> byte for byte on a fresh connection, where HttpClient would
    /// normalise it, and returns the status code and the whole response text.</summary>
    public async Task<(int Status, string Response)> RawGetAsync(string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port);
        await using var stream = tcp.GetStream();
        var request = Encoding.Latin1.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }

    /// <summary>A response header exactly as sent (HttpClient's typed headers reorder Cache-Control directives).</summary>
    public static string RawHeader(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) || response.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? values.ToString()
            : throw new Xunit.Sdk.XunitException($"The response has no {name} header.");

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(Scratch, recursive: true);
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _timestamp = 1_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _timestamp);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _timestamp, by.Ticks);
}
