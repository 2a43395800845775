namespace Runway.Runtime.Autoscaling;

/// <summary>What a service measured just now; a null measurement is missing (not read yet, no traffic) and is ignored.</summary>
/// <param name="CurrentReplicas">Replicas the service runs (or is asked to run) now.</param>
/// <param name="CpuPercentPerInstance">CPU use averaged over its instances, in percent of one core.</param>
/// <param name="ConcurrencyPerInstance">Requests in flight at the edge divided by the instances serving them.</param>
/// <param name="P95">95th percentile of the service's response times at the edge over the recent window.</param>
internal sealed record AutoscaleSample(int CurrentReplicas, double? CpuPercentPerInstance, double? ConcurrencyPerInstance, TimeSpan? P95);

/// <summary>The replica count the service should run and why, in one sentence (it becomes an event).</summary>
/// <param name="DesiredReplicas">Equal to the sample's current count when the count holds.</param>
internal sealed record AutoscaleDecision(int DesiredReplicas, string Reason);
