using System.Globalization;
using Runway.Model;

namespace Runway.Runtime.Supervision;

internal enum RestartAction
{
    Restart,

    /// <summary>Leave the instance ended, as <see cref="InstanceState.Exited"/>.</summary>
    Exit,

    /// <summary>Leave the instance ended, as <see cref="InstanceState.Failed"/>.</summary>
    Fail,
}

internal readonly record struct RestartDecision(RestartAction Action, string Reason);

/// <summary>Railway's restart policies: ALWAYS restarts on every stop; ON_FAILURE restarts crashes (non-zero exit,
/// and for Runway also failed health checks) up to restartPolicyMaxRetries times; NEVER never restarts.
/// The retry limit belongs to ON_FAILURE only (Railway docs, "Restart Policy").</summary>
internal static class RestartDecider
{
    public static RestartDecision Decide(RestartPolicy policy, RunOutcome outcome, int consecutiveRestarts) => policy.Kind switch
    {
        RestartPolicyKind.Always => new(RestartAction.Restart, $"{outcome.Reason}; restart policy ALWAYS"),
        RestartPolicyKind.Never => outcome.IsCleanExit
            ? new(RestartAction.Exit, $"{outcome.Reason}; restart policy NEVER")
            : new(RestartAction.Fail, $"{outcome.Reason}; restart policy NEVER does not restart it"),
        _ when outcome.IsCleanExit => new(RestartAction.Exit, $"{outcome.Reason}; restart policy ON_FAILURE restarts only failures"),
        _ when consecutiveRestarts < policy.MaxRetries => new(
            RestartAction.Restart,
            string.Create(CultureInfo.InvariantCulture, $"{outcome.Reason}; restart {consecutiveRestarts + 1} of {policy.MaxRetries} (ON_FAILURE)")),
        _ => new(
            RestartAction.Fail,
            string.Create(CultureInfo.InvariantCulture, $"{outcome.Reason}; gave up after {policy.MaxRetries} consecutive restarts (restartPolicyMaxRetries)")),
    };
}
