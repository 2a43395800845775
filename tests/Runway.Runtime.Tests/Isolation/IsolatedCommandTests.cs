using System.Diagnostics;
using Runway.Runtime.Isolation;
using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Isolation;

/// <summary>The start script, run by a real /bin/sh with ordinary files for cgroup.procs and a stand-in for setpriv
/// that prints its options and runs the rest, so it runs without root.</summary>
public sealed class IsolatedCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(IEnumerable<string> procsFiles, string command)
    {
        var setpriv = _directory.Write("set'priv", "#!/bin/sh\necho \"setpriv $1 $2 $3 $4 $5\"\nshift 5\nexec \"$@\"\n", UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var startInfo = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in IsolatedCommand.ShellArguments(procsFiles, new SystemUser("runway-shop", 998, 994), setpriv, command))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task The_shell_joins_every_cgroup_then_becomes_the_user_and_runs_the_command_in_the_same_process()
    {
        var memory = _directory.Write("memory procs", "");
        var pids = _directory.Write("pids's procs", "");

        var (exitCode, output, errors) = await RunAsync([memory, pids], "echo \"pid $$\"; printf '%s\\n' \"quoted 'words' and $((1 + 2))\"; exit 3");

        var pid = File.ReadAllText(memory).Trim();
        Assert.Equal((3, ""), (exitCode, errors));
        Assert.Equal(pid, File.ReadAllText(pids).Trim());
        Assert.Equal($"setpriv --reuid=998 --regid=994 --init-groups --no-new-privs --\npid {pid}\nquoted 'words' and 3\n", output);
    }

    [Fact]
    public async Task A_cgroup_it_cannot_join_stops_it_before_the_command_runs()
    {
        var missing = _directory.Combine("gone", "cgroup.procs");

        var (exitCode, output, errors) = await RunAsync([missing], "echo ran");

        Assert.Equal(IsolatedCommand.JoinFailedExitCode, exitCode);
        Assert.Equal("", output);
        Assert.Contains($"runway: could not join the cgroup {missing}", errors, StringComparison.Ordinal);
    }
}
