using System.Diagnostics;
using System.Text;

namespace Runway.Addons.Postgres;

/// <summary>The outcome of one PostgreSQL program run: exit code and everything it printed.</summary>
internal sealed record PostgresCommandResult(string CommandLine, int ExitCode, string Output)
{
    /// <summary>The last lines of the output, enough to explain a failure without flooding a log.</summary>
    public string OutputTail(int lines = 20)
    {
        var all = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join('\n', all.TakeLast(lines));
    }
}

/// <summary>
/// Runs the cluster's programs (initdb, pg_ctl, chown), as the cluster's system user when one is set:
/// PostgreSQL refuses to run as root, so a root Runway runs them through <c>runuser -u USER --</c>.
/// </summary>
internal sealed class PostgresCommand(string? runAsUser)
{
    private const string RunUser = "/usr/sbin/runuser";

    public string? RunAsUser { get; } = runAsUser;

    /// <summary>Runs <paramref name="program"/> as the cluster's user and throws <see cref="PostgresAddonException"/> when it fails.</summary>
    public async Task<PostgresCommandResult> RunCheckedAsync(string program, IReadOnlyList<string> arguments, string whatFor, CancellationToken ct)
    {
        var result = await RunAsync(program, arguments, asClusterUser: true, ct);
        return result.ExitCode == 0 ? result : throw Failure(result, whatFor);
    }

    /// <summary>Runs a program as Runway's own user (for chown) and throws when it fails.</summary>
    public async Task RunAsSelfCheckedAsync(string program, IReadOnlyList<string> arguments, string whatFor, CancellationToken ct)
    {
        var result = await RunAsync(program, arguments, asClusterUser: false, ct);
        if (result.ExitCode != 0)
        {
            throw Failure(result, whatFor);
        }
    }

    public async Task<PostgresCommandResult> RunAsync(string program, IReadOnlyList<string> arguments, bool asClusterUser, CancellationToken ct)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The cluster user usually cannot enter Runway's own working directory (e.g. /root).
            WorkingDirectory = "/",
        };
        if (asClusterUser && RunAsUser is { } user)
        {
            start.FileName = RunUser;
            foreach (var part in (string[])["-u", user, "--", program])
            {
                start.ArgumentList.Add(part);
            }
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // PG* variables of Runway's own environment must not steer the cluster's programs; English messages for errors.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["LC_ALL"] = "C.UTF-8";
        var commandLine = string.Join(' ', [program, .. arguments]);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PostgresAddonException($"could not run {start.FileName} ({commandLine}): {e.Message}", e);
        }

        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = CollectAsync(process.StandardOutput, output);
        var stderr = CollectAsync(process.StandardError, output);
        try
        {
            await process.WaitForExitAsync(ct);
            await Task.WhenAll(stdout, stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new PostgresCommandResult(commandLine, process.ExitCode, output.ToString());
    }

    private static async Task CollectAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.Append(line).Append('\n');
            }
        }
    }

    public PostgresAddonException Failure(PostgresCommandResult result, string whatFor)
    {
        var who = RunAsUser is null ? "" : $" as user '{RunAsUser}'";
        var tail = result.OutputTail();
        return new PostgresAddonException(
            $"{whatFor}: `{result.CommandLine}`{who} exited with code {result.ExitCode}" + (tail.Length == 0 ? "." : $":\n{tail}"));
    }
}
