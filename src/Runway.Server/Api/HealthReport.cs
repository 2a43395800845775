using System.Text.Json;
using Runway.Edge.Hosting;
using Runway.Runtime;
using Runway.Server.Daemon;

namespace Runway.Server.Api;

/// <summary>The admin port's <c>GET /health</c>, for a monitor: each running app's healthy instances and its add-ons'
/// health (a real query for PostgreSQL, PING for Redis). Healthy when every running app has a healthy instance of each
/// service and every add-on answered; otherwise 503 with what is wrong.</summary>
internal static class HealthReport
{
    /// <summary>While the daemon is still starting.</summary>
    public static AdminHealth Starting { get; } = new(false, """{"healthy":false,"problem":"the daemon is starting"}""");

    public static async Task<AdminHealth> BuildAsync(RunwayDaemon daemon, CancellationToken cancellationToken)
    {
        var apps = new List<AppHealth>();
        foreach (var host in daemon.Apps.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            if (host.Current is not { } running)
            {
                continue;
            }

            var addons = await daemon.Context.Addons.CheckHealthAsync(running.Prepared.App, cancellationToken);
            var services = running.Status()
                .GroupBy(s => s.Instance.Service, StringComparer.Ordinal)
                .Select(g => new ServiceHealth(g.Key, g.Count(s => s.State == InstanceState.Healthy), g.Count()))
                .ToList();
            var problems = services.Where(s => s.Healthy == 0).Select(s => $"service {s.Name} has no healthy instance")
                .Concat(addons.Where(a => !a.Healthy).Select(a => $"add-on {a.Name} ({a.Kind}): {a.Problem}"))
                .ToList();
            apps.Add(new AppHealth(host.Name, problems.Count == 0, services, addons.Select(a => new AddonState(a.Name, a.Kind, a.Healthy, a.Latency.TotalMilliseconds, a.Problem)).ToList(), problems));
        }

        var healthy = apps.All(a => a.Healthy);
        return new AdminHealth(healthy, JsonSerializer.Serialize(new { healthy, apps }, ProgressMessage.Json));
    }

    private sealed record AppHealth(string Name, bool Healthy, IReadOnlyList<ServiceHealth> Services, IReadOnlyList<AddonState> Addons, IReadOnlyList<string> Problems);

    private sealed record ServiceHealth(string Name, int Healthy, int Instances);

    private sealed record AddonState(string Name, string Kind, bool Healthy, double LatencyMs, string? Problem);
}
