namespace Runway.Edge.LoadBalancing;

/// <summary>One instance of a service as the runtime reports it.</summary>
/// <param name="Id">Stable instance id (e.g. <c>web-3</c>); an instance keeps its counters across updates while its id and address stay.</param>
/// <param name="Address">Scheme, host and port (and optional base path) the instance listens on, e.g. <c>http://127.0.0.1:5003</c>.</param>
/// <param name="Healthy">False while the instance is starting, failing its probes or draining: it gets no new requests.</param>
public sealed record DestinationConfig(string Id, Uri Address, bool Healthy = true);
