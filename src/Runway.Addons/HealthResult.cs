namespace Runway.Addons;

public sealed record HealthResult(bool Healthy, TimeSpan Latency, string Detail);
