namespace Runway.Edge.LoadBalancing;

/// <summary>A service's load as the edge sees it, for autoscaling.</summary>
/// <param name="InFlight">Requests being forwarded to the service's instances now (an open WebSocket counts as one).</param>
/// <param name="Instances">Instances in rotation now: reported healthy and not taken out by passive health.</param>
/// <param name="P95">95th percentile of the time from picking an instance to the end of the response, over the window; null
/// when no request ended in it. Upgraded (WebSocket) connections are left out.</param>
/// <param name="Requests">Requests forwarded to the service that ended in the window.</param>
public sealed record ServiceLoad(int InFlight, int Instances, TimeSpan? P95, long Requests);
