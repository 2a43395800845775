using Runway.Edge.Forwarding;

namespace Runway.Edge.Tests.Support;

/// <summary>Builds a forwarder over its own connection pool; dispose to close the pool.</summary>
internal sealed class Forwarders : IDisposable
{
    private readonly HttpMessageInvoker _client;

    public Forwarders(ForwarderSettings? settings = null, ForwarderClientOptions? clientOptions = null)
    {
        _client = new ForwarderHttpClientFactory(clientOptions ?? new ForwarderClientOptions()).CreateClient();
        Logger = new ListLogger<HttpForwarder>();
        Forwarder = new HttpForwarder(_client, settings ?? new ForwarderSettings(), Logger, TimeProvider.System);
    }

    public HttpForwarder Forwarder { get; }

    public ListLogger<HttpForwarder> Logger { get; }

    public void Dispose() => _client.Dispose();
}
