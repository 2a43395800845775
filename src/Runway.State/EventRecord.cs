namespace Runway.State;

/// <summary>One entry of an app's history (<c>runway status</c>, <c>runway logs</c>).</summary>
/// <param name="Id">Increasing across all apps and never reused, so it works as a cursor.</param>
/// <param name="Kind">A short machine-readable kind (<c>deploy.started</c>, <c>instance.crashed</c>...).</param>
public sealed record EventRecord(long Id, string App, DateTimeOffset At, string Kind, string Message);
