using Runway.Build.Execution;
using Runway.Model;

namespace Runway.Build.Releases;

/// <summary>Why a release command failed: the command, its exit code and its last output lines.</summary>
public sealed record ReleaseCommandFailure(string Service, string Command, int ExitCode, ValueList<string> LastLines)
{
    public string Message => $"release command of service '{Service}' `{Command}` exited with code {ExitCode}; the release does not take traffic";
}

/// <summary>Runs a service's release commands (Procfile <c>release</c>, Railway <c>preDeployCommand</c>) once, in order,
/// before any instance of the release starts; the first non-zero exit stops the release (Heroku and Railway both abort then).</summary>
public sealed class ReleaseCommands
{
    private const int TailLines = 20;
    private readonly ShellCommandRunner _runner = new();

    /// <param name="environment">The complete environment of the commands (the service's run environment without PORT).</param>
    /// <param name="onLine">Receives each output line as it arrives.</param>
    /// <returns>Null when every command succeeded.</returns>
    public async Task<ReleaseCommandFailure?> RunAsync(
        string service,
        IEnumerable<string> commands,
        string workingDirectory,
        ValueMap environment,
        Action<string> onLine,
        CancellationToken cancellationToken)
    {
        foreach (var command in commands)
        {
            var tail = new Queue<string>();
            var gate = new Lock();
            var exitCode = await _runner.RunAsync(command, workingDirectory, environment, (_, text) =>
            {
                lock (gate)
                {
                    if (tail.Count == TailLines)
                    {
                        tail.Dequeue();
                    }

                    tail.Enqueue(text);
                }

                onLine(text);
            }, cancellationToken);
            if (exitCode != 0)
            {
                return new ReleaseCommandFailure(service, command, exitCode, tail.ToValueList());
            }
        }

        return null;
    }
}
