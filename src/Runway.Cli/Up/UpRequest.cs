namespace Runway.Cli.Up;

/// <summary>What `runway up` was asked to do.</summary>
/// <param name="Directory">The app directory as the user typed it.</param>
/// <param name="Port">The loopback port for the app's entry, or null to let the OS choose.</param>
/// <param name="Environment">The environment whose overrides apply.</param>
internal sealed record UpRequest(string Directory, int? Port, string Environment)
{
    /// <summary>Loopback port for the edge's metrics endpoint (<c>GET /metrics</c>), or null for none.</summary>
    public int? AdminPort { get; init; }

    /// <summary>Loopback port for HTTPS (a self-signed certificate kept under RUNWAY_HOME/tls), or null for none.</summary>
    public int? HttpsPort { get; init; }
}
