using Microsoft.AspNetCore.Http;
using Runway.Edge.Forwarding;
using Runway.Edge.LoadBalancing;

namespace Runway.Edge.Tests.Support;

/// <summary>A front that load-balances every request over one service's instances, with a manual clock for passive health.</summary>
internal sealed class Balancer : IAsyncDisposable
{
    private readonly Forwarders _forwarders = new();

    private Balancer(LoadBalancingOptions options, Random random)
    {
        Service = new ServiceDestinations("app/production/web");
        Forwarder = new ServiceForwarder(_forwarders.Forwarder, options, new ListLogger<ServiceForwarder>(), Time, random);
    }

    public ManualTimeProvider Time { get; } = new();

    public ServiceDestinations Service { get; }

    public ServiceForwarder Forwarder { get; }

    public ProxyFront Front { get; private set; } = null!;

    public static async Task<Balancer> StartAsync(LoadBalancingOptions? options = null, Random? random = null)
    {
        var balancer = new Balancer(options ?? new LoadBalancingOptions(), random ?? new Random(7));
        balancer.Front = await ProxyFront.StartAsync(c => new ValueTask<ForwardResult>(balancer.Forwarder.ForwardAsync(c, balancer.Service, ForwardOptions.Default, c.RequestAborted)));
        return balancer;
    }

    public Destination Instance(string id) => Service.Snapshot.Single(d => d.Id == id);

    /// <summary>An upstream that answers its own name (and, for POST/PUT, the body it received).</summary>
    public static Task<TestServer> NamedUpstreamAsync(string name) => TestServer.StartAsync(async c =>
    {
        using var reader = new StreamReader(c.Request.Body);
        var body = await reader.ReadToEndAsync(c.RequestAborted);
        await c.Response.WriteAsync(body.Length == 0 ? name : $"{name}:{body}", c.RequestAborted);
    });

    public async ValueTask DisposeAsync()
    {
        await Front.DisposeAsync();
        _forwarders.Dispose();
    }
}
