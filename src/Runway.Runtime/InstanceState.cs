namespace Runway.Runtime;

/// <summary>Where an instance is in its life.</summary>
public enum InstanceState
{
    /// <summary>Created; its process has not been launched yet.</summary>
    Pending,

    /// <summary>Launched; waiting for the health check to pass (the start gate).</summary>
    Starting,

    /// <summary>Running and passing its health check.</summary>
    Healthy,

    /// <summary>Running, but its last health check failed; restarted after the failure threshold.</summary>
    Unhealthy,

    /// <summary>Ended and waiting out the restart delay before it is started again.</summary>
    Backoff,

    /// <summary>Being stopped: SIGTERM sent, waiting for the grace period.</summary>
    Stopping,

    /// <summary>Stopped on request. Final.</summary>
    Stopped,

    /// <summary>Ended by itself and not restarted by its policy (for example exit code 0 under ON_FAILURE). Final.</summary>
    Exited,

    /// <summary>Ended with a failure and the policy gave up (NEVER, or ON_FAILURE's retries used up). Final.</summary>
    Failed,
}

public static class InstanceStateExtensions
{
    /// <summary>True for states that never change again.</summary>
    public static bool IsFinal(this InstanceState state) => state is InstanceState.Stopped or InstanceState.Exited or InstanceState.Failed;
}
