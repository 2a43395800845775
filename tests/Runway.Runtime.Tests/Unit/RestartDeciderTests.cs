using Runway.Model;
using Runway.Runtime.Supervision;

namespace Runway.Runtime.Tests.Unit;

public sealed class RestartDeciderTests
{
    public static TheoryData<RestartPolicyKind, int, int, string> ExitCases => new()
    {
        // policy, exit code, restarts so far (max 3), expected
        { RestartPolicyKind.OnFailure, 0, 0, "Exit" },
        { RestartPolicyKind.OnFailure, 1, 0, "Restart" },
        { RestartPolicyKind.OnFailure, 137, 2, "Restart" },
        { RestartPolicyKind.OnFailure, 3, 3, "Fail" },
        { RestartPolicyKind.Always, 0, 0, "Restart" },
        { RestartPolicyKind.Always, 1, 0, "Restart" },
        { RestartPolicyKind.Always, 1, 50, "Restart" },
        { RestartPolicyKind.Never, 0, 0, "Exit" },
        { RestartPolicyKind.Never, 1, 0, "Fail" },
        { RestartPolicyKind.Never, 143, 0, "Fail" },
    };

    [Theory]
    [MemberData(nameof(ExitCases))]
    public void Exit_codes_follow_the_policy(RestartPolicyKind kind, int exitCode, int restarts, string expected)
    {
        var decision = RestartDecider.Decide(new RestartPolicy(kind, 3), RunOutcome.Exited(exitCode), restarts);

        Assert.Equal(Enum.Parse<RestartAction>(expected), decision.Action);
    }

    [Theory]
    [InlineData(RestartPolicyKind.OnFailure, "Restart")]
    [InlineData(RestartPolicyKind.Always, "Restart")]
    [InlineData(RestartPolicyKind.Never, "Fail")]
    public void Failed_health_checks_are_failures(RestartPolicyKind kind, string expected)
    {
        foreach (var end in new[] { RunEnd.Unhealthy, RunEnd.StartTimedOut, RunEnd.LaunchFailed })
        {
            var decision = RestartDecider.Decide(new RestartPolicy(kind, 3), new RunOutcome(end, null, "probe failed"), 0);

            Assert.Equal(Enum.Parse<RestartAction>(expected), decision.Action);
        }
    }

    [Fact]
    public void Zero_retries_fails_at_the_first_crash()
    {
        var decision = RestartDecider.Decide(new RestartPolicy(RestartPolicyKind.OnFailure, 0), RunOutcome.Exited(1), 0);

        Assert.Equal(RestartAction.Fail, decision.Action);
        Assert.Contains("gave up after 0 consecutive restarts", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reasons_say_what_happened_and_which_restart_this_is()
    {
        var decision = RestartDecider.Decide(new RestartPolicy(RestartPolicyKind.OnFailure, 10), RunOutcome.Exited(137), 4);

        Assert.Equal("killed by signal 9 SIGKILL (exit code 137); restart 5 of 10 (ON_FAILURE)", decision.Reason);
    }
}
