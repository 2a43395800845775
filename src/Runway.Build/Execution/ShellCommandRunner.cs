using System.Diagnostics;
using System.Text;

namespace Runway.Build.Execution;

/// <summary>Runs one build command with <c>/bin/sh -c</c> in its own session (setsid), streaming its output line by line.
/// When the command ends, anything it left running in its process group is killed; on cancellation the whole group is.</summary>
internal sealed class ShellCommandRunner
{
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly string? _setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <returns>The command's exit code (128 + signal number when a signal ended it).</returns>
    public async Task<int> RunAsync(
        string command,
        string workingDirectory,
        IEnumerable<KeyValuePair<string, string>> environment,
        Action<BuildOutputSource, string> onLine,
        CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo(command, workingDirectory, environment) };
        process.Start();
        process.StandardInput.Close();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, BuildOutputSource.Stdout, onLine),
            PumpAsync(process.StandardError, BuildOutputSource.Stderr, onLine));
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            KillAll(process);
            await process.WaitForExitAsync(CancellationToken.None);
            await DrainAsync(pumps);
            throw;
        }

        // Background processes the command started would outlive the build and keep its output pipes open.
        KillGroup(process);
        await DrainAsync(pumps);
        return process.ExitCode;
    }

    private ProcessStartInfo StartInfo(string command, string workingDirectory, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = _setsid ?? "/bin/sh",
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (_setsid is not null)
        {
            // The child of this process is not a group leader, so setsid execs without forking: pid = session = group id.
            startInfo.ArgumentList.Add("/bin/sh");
        }

        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(command);
        startInfo.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        return startInfo;
    }

    private void KillGroup(Process process)
    {
        if (_setsid is not null)
        {
            ProcessGroup.Kill(process.Id);
        }
    }

    private void KillAll(Process process)
    {
        KillGroup(process);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static async Task PumpAsync(StreamReader reader, BuildOutputSource source, Action<BuildOutputSource, string> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                onLine(source, line);
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or IOException)
        {
            // The pipe was closed under us after the drain timeout.
        }
    }

    /// <summary>Waits for the output pipes to close; a process that escaped the group may hold them open, so not forever.</summary>
    private static async Task DrainAsync(Task pumps)
    {
        try
        {
            await pumps.WaitAsync(OutputDrainTimeout);
        }
        catch (TimeoutException)
        {
            // Disposing the process closes our ends of the pipes and ends the pumps.
        }
    }
}
