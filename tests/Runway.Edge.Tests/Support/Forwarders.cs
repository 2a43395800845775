using Runway.Edge.Forwarding;

namespace Runway.Edge.Tests.Support;

/// <summary>Builds a forwarder over its own connection pool; dispose to close the pool.</summary>
internal sealed class Forwarders : IDisposable
{
    private readonly HttpMessageInvoker _client;

    /// <param name="ownConnections">Whether GET and HEAD travel on the forwarder's own HTTP/1.1 connections (as on the edge)
    /// rather than through the <see cref="HttpMessageInvoker"/> like every other request.</param>
    public Forwarders(ForwarderSettings? settings = null, ForwarderClientOptions? clientOptions = null, bool ownConnections = true)
    {
        clientOptions ??= new ForwarderClientOptions();
        _client = new ForwarderHttpClientFactory(clientOptions).CreateClient();
        Logger = new ListLogger<HttpForwarder>();
        Forwarder = new HttpForwarder(_client, settings ?? new ForwarderSettings(), Logger, TimeProvider.System, plainConnections: ownConnections ? clientOptions : null);
    }

    public HttpForwarder Forwarder { get; }

    public ListLogger<HttpForwarder> Logger { get; }

    public void Dispose()
    {
        Forwarder.Dispose();
        _client.Dispose();
    }
}
