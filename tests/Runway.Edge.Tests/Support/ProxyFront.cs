using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Runway.Edge.Forwarding;

namespace Runway.Edge.Tests.Support;

/// <summary>A Kestrel front that forwards every request with a given delegate and records each <see cref="ForwardResult"/>.</summary>
internal sealed class ProxyFront : IAsyncDisposable
{
    private readonly Channel<ForwardResult> _results = Channel.CreateUnbounded<ForwardResult>();
    private TestServer? _server;

    public Uri Address => _server!.Address;

    public int Port => _server!.Port;

    public static async Task<ProxyFront> StartAsync(Func<HttpContext, ValueTask<ForwardResult>> forward, HttpProtocols protocols = HttpProtocols.Http1)
    {
        var front = new ProxyFront();
        front._server = await TestServer.StartAsync(async context =>
        {
            var result = await forward(context);
            front._results.Writer.TryWrite(result);
        }, protocols);
        return front;
    }

    /// <summary>The result of the next request the front finished handling.</summary>
    public async Task<ForwardResult> NextResultAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _results.Reader.ReadAsync(timeout.Token);
    }

    public HttpClient CreateClient(Version? version = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(15),
        };
        if (version is not null)
        {
            client.DefaultRequestVersion = version;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        return client;
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
