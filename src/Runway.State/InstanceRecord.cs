namespace Runway.State;

/// <summary>One running replica as last recorded, so a restarted daemon can find processes it left behind.</summary>
/// <param name="Id">Service name and replica index, such as <c>web.3</c>; unique within the app.</param>
/// <param name="Release">The release the instance runs.</param>
/// <param name="ProcessId">The OS process id, or null before the process started.</param>
/// <param name="ProcessStartTicks">The process's start time as the OS reports it, so a reused process id is not mistaken for it.</param>
/// <param name="Port">The port it listens on (web services), or null.</param>
/// <param name="State">The supervisor's state name for it (<c>Starting</c>, <c>Healthy</c>, <c>Draining</c>...).</param>
public sealed record InstanceRecord(
    string App,
    string Id,
    int Release,
    int? ProcessId,
    long? ProcessStartTicks,
    int? Port,
    string State,
    DateTimeOffset StartedAt);
