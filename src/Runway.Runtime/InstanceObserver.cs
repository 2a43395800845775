using Runway.Model;

namespace Runway.Runtime;

public enum OutputStream
{
    Stdout,
    Stderr,
}

/// <summary>One line an instance wrote.</summary>
public sealed record InstanceOutputLine(InstanceId Instance, OutputStream Stream, string Text, DateTimeOffset At)
{
    /// <summary>The line as shown to the user: <c>web.1 | text</c>.</summary>
    public override string ToString() => $"{Instance} | {Text}";
}

/// <summary>An instance moved from one state to another.</summary>
/// <param name="Reason">Why, in words for the user (exit code, failed probe, restart delay).</param>
public sealed record InstanceStateChange(InstanceId Instance, InstanceState Previous, InstanceState Current, string Reason, DateTimeOffset At)
{
    /// <summary>Process id of the current (or last) process, when one was started.</summary>
    public int? ProcessId { get; init; }

    /// <summary>The exit code of the process that just ended (128 + signal number when a signal killed it).</summary>
    public int? ExitCode { get; init; }

    /// <summary>Restarts since the instance last ran stably.</summary>
    public int ConsecutiveRestarts { get; init; }

    /// <summary>For <see cref="InstanceState.Failed"/>: the instance's last output lines, oldest first.</summary>
    public ValueList<string> RecentOutput { get; init; } = ValueList<string>.Empty;

    /// <summary>The run ended because the kernel killed a process of it for exceeding the instance's memory limit.</summary>
    public bool OutOfMemory { get; init; }

    public override string ToString() => $"{Instance} {Previous.ToString().ToLowerInvariant()} -> {Current.ToString().ToLowerInvariant()}: {Reason}";
}

/// <summary>Receives what instances do. Called from background threads, possibly concurrently (output lines of
/// stdout and stderr are read by separate loops); the state changes of one instance arrive in order.
/// Implementations must be quick and thread-safe; an exception they throw is swallowed so supervision goes on.</summary>
public interface IInstanceObserver
{
    void OnStateChanged(InstanceStateChange change);

    void OnOutput(InstanceOutputLine line);
}

/// <summary>An observer built from two delegates.</summary>
public sealed class DelegateInstanceObserver(Action<InstanceStateChange>? onStateChanged = null, Action<InstanceOutputLine>? onOutput = null) : IInstanceObserver
{
    public void OnStateChanged(InstanceStateChange change) => onStateChanged?.Invoke(change);

    public void OnOutput(InstanceOutputLine line) => onOutput?.Invoke(line);
}
