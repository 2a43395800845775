using System.Diagnostics;
using System.Net;

namespace Runway.Edge.Forwarding;

/// <summary>Creates the <see cref="HttpMessageInvoker"/> the forwarder sends through. Create one per edge and share it:
/// it pools connections per instance. The caller owns and disposes it.</summary>
public sealed class ForwarderHttpClientFactory
{
    private readonly ForwarderClientOptions _options;

    public ForwarderHttpClientFactory(ForwarderClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>An invoker, never an <see cref="HttpClient"/>: HttpClient buffers response bodies.</summary>
    public HttpMessageInvoker CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            // A proxy forwards what it receives: no proxy of its own, no redirects followed,
            // no transparent decompression, no cookie jar shared between users.
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionIdleTimeout = _options.PooledConnectionIdleTimeout,
            PooledConnectionLifetime = _options.PooledConnectionLifetime,
            MaxConnectionsPerServer = _options.MaxConnectionsPerServer,
            EnableMultipleHttp2Connections = true,
            // The client's own trace headers are copied as they are; the handler must not add or replace them.
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
