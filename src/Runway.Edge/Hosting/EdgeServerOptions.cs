using Runway.Edge.Telemetry;

namespace Runway.Edge.Hosting;

/// <summary>Where and how the edge listens. Every listener binds 127.0.0.1.</summary>
public sealed record EdgeServerOptions
{
    /// <summary>The plain HTTP port for apps; 0 lets the OS choose.</summary>
    public int Port { get; init; }

    /// <summary>A separate port for the admin endpoint (<c>GET /metrics</c>), or null for none; 0 lets the OS choose.
    /// Only this listener answers admin requests; app listeners never do, whatever the host.</summary>
    public int? AdminPort { get; init; }

    /// <summary>Receives one JSON line per app request, or null for no access log. Written from one background loop; the
    /// edge disposes it when it stops.</summary>
    public AccessLogSink? AccessLog { get; init; }

    /// <summary>An HTTPS listener for apps, or null for plain HTTP only.</summary>
    public EdgeTlsOptions? Tls { get; init; }

    /// <summary>Largest total size of request headers any app accepts (Kestrel answers 431 above it); apps may set less.</summary>
    public long MaxRequestHeadersTotalSize { get; init; } = 64 * 1024;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>More Prometheus text appended to the admin listener's /metrics (the daemon's per-instance process metrics).</summary>
    public Func<string>? AdditionalMetrics { get; init; }

    /// <summary>The admin listener's <c>GET /health</c>: whether what runs behind the edge is healthy, as JSON (503 when not).
    /// Null: the edge answers for itself only (200 while it runs).</summary>
    public Func<CancellationToken, Task<AdminHealth>>? Health { get; init; }
}

/// <summary>The answer of the admin listener's <c>/health</c>: 200 when <paramref name="Healthy"/>, 503 otherwise, with <paramref name="Json"/>.</summary>
public sealed record AdminHealth(bool Healthy, string Json);

/// <summary>The HTTPS listener: a provided PEM certificate and key, or a self-signed certificate made on first start and kept.</summary>
public sealed record EdgeTlsOptions
{
    /// <summary>The HTTPS port; 0 lets the OS choose.</summary>
    public int Port { get; init; }

    /// <summary>PEM certificate (chain) file; with <see cref="KeyPath"/>, used instead of a self-signed certificate.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>PEM private key file for <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; init; }

    /// <summary>Where the self-signed certificate and key are kept between starts (e.g. <c>$RUNWAY_HOME/tls</c>).</summary>
    public string? SelfSignedDirectory { get; init; }

    /// <summary>When true, plain HTTP requests for apps are redirected to HTTPS with 308.</summary>
    public bool RedirectHttp { get; init; }
}
