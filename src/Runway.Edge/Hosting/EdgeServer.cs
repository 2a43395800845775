using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Runway.Edge.Forwarding;
using Runway.Edge.LoadBalancing;
using Runway.Edge.StaticFiles;
using Runway.Edge.Telemetry;
using Runway.Model;

namespace Runway.Edge.Hosting;

/// <summary>The edge: Kestrel listeners on loopback that serve every app's sites and forward to its services (plain HTTP and,
/// optionally, HTTPS), plus an optional admin listener for metrics. Apps are added or replaced at run time; each change swaps an
/// immutable snapshot, so no request sees half an update.</summary>
public sealed class EdgeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServiceRegistry _registry;
    private readonly StaticFileServingOptions _fileOptions;
    private readonly TimeProvider _time;
    private readonly HttpMessageInvoker _client;
    private readonly HttpForwarder _forwarder;
    private readonly AccessLog? _accessLog;
    private readonly Lock _gate = new();
    private EdgeSnapshot _snapshot = EdgeSnapshot.Empty;

    private EdgeServer(WebApplication app, TimeProvider time, HttpMessageInvoker client, HttpForwarder forwarder, AccessLog? accessLog, EdgeMetrics metrics,
        X509Certificate2? certificate)
    {
        _forwarder = forwarder;
        _app = app;
        _registry = new ServiceRegistry();
        _fileOptions = new StaticFileServingOptions();
        _time = time;
        _client = client;
        _accessLog = accessLog;
        Metrics = metrics;
        Certificate = certificate;
    }

    /// <summary>The port the edge listens on for plain HTTP.</summary>
    public int Port { get; private set; }

    /// <summary>The admin listener's port, when there is one.</summary>
    public int? AdminPort { get; private set; }

    /// <summary>The HTTPS listener's port, when there is one.</summary>
    public int? HttpsPort { get; private set; }

    /// <summary>The certificate the HTTPS listener presents, when there is one.</summary>
    public X509Certificate2? Certificate { get; }

    internal EdgeMetrics Metrics { get; }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 lets the OS choose) with no apps yet.</summary>
    public static Task<EdgeServer> StartAsync(int port, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        StartAsync(new EdgeServerOptions { Port = port, TimeProvider = timeProvider ?? TimeProvider.System }, cancellationToken);

    /// <summary>Starts the listeners <paramref name="options"/> asks for, with no apps yet.</summary>
    /// <exception cref="EdgeCertificateException">The provided certificate or key cannot be read, or the self-signed one cannot be kept.</exception>
    public static async Task<EdgeServer> StartAsync(EdgeServerOptions options, CancellationToken cancellationToken = default)
    {
        var time = options.TimeProvider;
        var certificate = options.Tls is { } tls ? EdgeCertificates.Load(tls, time) : null;
        var metrics = new EdgeMetrics();
        var listeners = new EdgeListeners(metrics);
        var builder = IsolatedWebApplication.CreateBuilder();
        builder.WebHost.UseSockets(EdgeTransport.Configure);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = checked((int)options.MaxRequestHeadersTotalSize);
            listeners.Listen(kestrel, ListenerKind.Http, options.Port);
            if (options.Tls is not null)
            {
                listeners.Listen(kestrel, ListenerKind.Https, options.Tls.Port, certificate);
            }

            if (options.AdminPort is { } adminPort)
            {
                listeners.Listen(kestrel, ListenerKind.Admin, adminPort);
            }
        });
        var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var clientOptions = new ForwarderClientOptions();
        var client = new ForwarderHttpClientFactory(clientOptions).CreateClient();
        var forwarder = new HttpForwarder(client, new ForwarderSettings(), loggers.CreateLogger<HttpForwarder>(), time, plainConnections: clientOptions);
        var services = new ServiceForwarder(forwarder, new LoadBalancingOptions(), loggers.CreateLogger<ServiceForwarder>(), time);
        var proxy = new EdgeProxy(forwarder, services, ForwardOptions.Default);
        var accessLog = options.AccessLog is null ? null : new AccessLog(options.AccessLog);
        var edge = new EdgeServer(app, time, client, forwarder, accessLog, metrics, certificate);
        var handler = new EdgeRequestHandler(() => Volatile.Read(ref edge._snapshot), new SiteResponder(proxy), proxy);
        var telemetry = new EdgeTelemetry(metrics, accessLog, time);
        var redirect = options.Tls is { RedirectHttp: true };
        RequestDelegate appRequest = context => redirect && EdgeListeners.KindOf(context) == ListenerKind.Http
            ? RedirectToHttpsAsync(context, edge.HttpsPort!.Value)
            : handler.HandleAsync(context);
        app.Run(context => EdgeListeners.KindOf(context) == ListenerKind.Admin
            ? AdminEndpoint.HandleAsync(context, metrics, options.AdditionalMetrics, options.Health)
            : telemetry.InvokeAsync(context, appRequest));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }

        edge.Port = listeners.BoundPort(ListenerKind.Http)!.Value;
        edge.HttpsPort = listeners.BoundPort(ListenerKind.Https);
        edge.AdminPort = listeners.BoundPort(ListenerKind.Admin);
        return edge;
    }

    /// <summary>Adds the app, or replaces it (and its services' instances) when one of that name is served.</summary>
    /// <returns>Problems in the app's routing (rules that were left out, features not run), each at its place in vercel.json.</returns>
    public ValueList<Diagnostic> Apply(EdgeApp app)
    {
        lock (_gate)
        {
            var previous = _snapshot.TryGetApp(app.Name, out var served) ? served : null;
            var compiled = CompiledApp.Compile(app, _registry, _fileOptions, _time, previous);
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

    /// <summary>The service's load for autoscaling: requests in flight now, instances in rotation, and the p95 response time and
    /// request count of the last <paramref name="window"/> (counted in whole seconds, the current one included; at most a minute).</summary>
    /// <returns>Null when the edge serves no such app and service.</returns>
    public ServiceLoad? GetServiceLoad(string app, string service, TimeSpan window) =>
        _registry.TryGet(CompiledApp.RegistryKey(app, service), out var destinations) ? destinations.MeasureLoad(_time, window) : null;

    /// <summary>Waits until no request is in flight to <paramref name="instances"/> (taken out of service by a deploy), or the
    /// timeout passes.</summary>
    /// <returns>True when they are idle; false when requests were still running at the timeout.</returns>
    public async Task<bool> WaitUntilIdleAsync(IEnumerable<Uri> instances, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var addresses = instances.ToHashSet();
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        while (_registry.All.Sum(service => service.InFlightTo(addresses)) > 0)
        {
            if (_time.GetTimestamp() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken);
        }

        return true;
    }

    /// <summary>Stops serving the app: its hosts get 404 (or the next app's answer) from now on.</summary>
    public bool Remove(string app)
    {
        lock (_gate)
        {
            if (!_snapshot.TryGetApp(app, out var served))
            {
                return false;
            }

            Volatile.Write(ref _snapshot, _snapshot.Without(app));
            foreach (var service in served.ServiceNames)
            {
                _registry.Remove(CompiledApp.RegistryKey(app, service));
            }

            return true;
        }
    }

    /// <summary>Deletes the app's access log once the lines already queued for it are written (for an app destroyed after
    /// <see cref="Remove"/>). A sink that keeps one stream for all apps keeps it.</summary>
    public Task ForgetAccessLogAsync(string app) => _accessLog?.ForgetAsync(app) ?? Task.CompletedTask;

    /// <summary>308 keeps the method and body (RFC 9110 §15.4.9); the host keeps its name and takes the HTTPS port.</summary>
    private static Task RedirectToHttpsAsync(HttpContext context, int httpsPort)
    {
        var request = context.Request;
        var host = httpsPort == 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, httpsPort);
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = "https://" + host.ToUriComponent() + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
        _forwarder.Dispose();
        if (_accessLog is not null)
        {
            await _accessLog.DisposeAsync();
        }

        Certificate?.Dispose();
    }
}
