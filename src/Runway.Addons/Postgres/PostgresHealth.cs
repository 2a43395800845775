namespace Runway.Addons.Postgres;

/// <summary>The answer of one health check: a real query through the app's own role.</summary>
/// <param name="Healthy">The query answered.</param>
/// <param name="Latency">Connect plus query, as the app would see it.</param>
/// <param name="Problem">Why it is unhealthy; null when healthy.</param>
public sealed record PostgresHealth(bool Healthy, TimeSpan Latency, string? Problem);
