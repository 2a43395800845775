using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Runway.Edge.Forwarding;
using Runway.Edge.LoadBalancing;
using Runway.Edge.StaticFiles;
using Runway.Model;

namespace Runway.Edge.Hosting;

/// <summary>The edge: one Kestrel listener on loopback that serves every app's sites and forwards to its services.
/// Apps are added or replaced at run time; each change swaps an immutable snapshot, so no request sees half an update.</summary>
public sealed class EdgeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServiceRegistry _registry;
    private readonly StaticFileServingOptions _fileOptions;
    private readonly TimeProvider _time;
    private readonly HttpMessageInvoker _client;
    private readonly Lock _gate = new();
    private EdgeSnapshot _snapshot = EdgeSnapshot.Empty;

    private EdgeServer(WebApplication app, ServiceRegistry registry, StaticFileServingOptions fileOptions, TimeProvider time, HttpMessageInvoker client)
    {
        _app = app;
        _registry = registry;
        _fileOptions = fileOptions;
        _time = time;
        _client = client;
    }

    /// <summary>The port the edge listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 lets the OS choose) with no apps yet.</summary>
    public static async Task<EdgeServer> StartAsync(int port, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var time = timeProvider ?? TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var client = new ForwarderHttpClientFactory(new ForwarderClientOptions()).CreateClient();
        var forwarder = new HttpForwarder(client, new ForwarderSettings(), loggers.CreateLogger<HttpForwarder>(), time);
        var services = new ServiceForwarder(forwarder, new LoadBalancingOptions(), loggers.CreateLogger<ServiceForwarder>(), time);
        var proxy = new EdgeProxy(forwarder, services, ForwardOptions.Default);
        var edge = new EdgeServer(app, new ServiceRegistry(), new StaticFileServingOptions(), time, client);
        var handler = new EdgeRequestHandler(() => Volatile.Read(ref edge._snapshot), new SiteResponder(proxy), proxy);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        edge.Port = port != 0 ? port : BoundPort(app);
        return edge;
    }

    /// <summary>Adds the app, or replaces it (and its services' instances) when one of that name is served.</summary>
    /// <returns>Problems in the app's routing (rules that were left out, features not run), each at its place in vercel.json.</returns>
    public ValueList<Diagnostic> Apply(EdgeApp app)
    {
        lock (_gate)
        {
            var compiled = CompiledApp.Compile(app, _registry, _fileOptions, _time);
            Volatile.Write(ref _snapshot, _snapshot.With(compiled));
            return compiled.Diagnostics;
        }
    }

    /// <summary>Marks one instance healthy or not (from the supervisor's health checks); the load balancer skips unhealthy ones.</summary>
    public void SetInstanceHealth(string app, string service, string instance, bool healthy)
    {
        if (_registry.TryGet(CompiledApp.RegistryKey(app, service), out var destinations))
        {
            destinations.SetHealthy(instance, healthy);
        }
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First()).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
