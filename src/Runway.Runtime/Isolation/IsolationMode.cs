namespace Runway.Runtime.Isolation;

/// <summary>Whether the supervisor confines instances (see <see cref="SupervisorOptions.Isolation"/>).</summary>
public enum IsolationMode
{
    /// <summary>Instances run as Runway's own user, without cgroups or limits.</summary>
    Off,

    /// <summary>When Runway runs as root on a host with cgroups, each instance runs in its own cgroup with its limits,
    /// as the system user <c>runway-APP</c>; otherwise as with <see cref="Off"/>.</summary>
    WhenRoot,
}
