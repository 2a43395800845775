using Runway.Server.Addons;
using Runway.Server.Preparation;

namespace Runway.Server.Api;

/// <summary>One add-on of a running app: its health and the variables it publishes (secrets: the API is token-only).</summary>
public sealed record AddonReport(string Name, string Kind, bool Healthy, TimeSpan Latency, string? Problem, IReadOnlyDictionary<string, string> Variables)
{
    internal static async Task<IReadOnlyList<AddonReport>> BuildAsync(PreparedApp running, AddonProvisioner addons, CancellationToken cancellationToken)
    {
        var health = await addons.CheckHealthAsync(running.App, cancellationToken);
        return health
            .Select(h => new AddonReport(h.Name, h.Kind, h.Healthy, h.Latency, h.Problem, running.Addons.TryGetValue(h.Name, out var variables) ? variables.ToDictionary() : new Dictionary<string, string>()))
            .ToList();
    }
}
