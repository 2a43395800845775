using System.ComponentModel;
using System.Diagnostics;
using Runway.Model;

namespace Runway.Runtime.Processes;

/// <summary>Runs an instance's command as <c>/bin/sh -c COMMAND</c> in a process group of its own.</summary>
/// <remarks>
/// .NET's Process class cannot put a child in a new process group, and calling setpgid from the parent after
/// Process.Start races with the child, which may already have forked. So the child is started through util-linux's
/// <c>setsid</c> (part of every Debian system): it calls setsid(2) and then execs the shell in the same process,
/// because a freshly forked child is never a process group leader (setsid only forks when it is). The pid .NET
/// reports is therefore the shell's pid and the id of the new session and process group, created before the
/// user's command runs, so every process the command starts is in that group and <c>kill(-pid, sig)</c> reaches them all.
/// A new session also detaches the instance from Runway's terminal, so Ctrl+C reaches Runway, which then stops the
/// instances in order instead of letting the terminal kill them all at once.
/// </remarks>
internal sealed class ShellProcessLauncher(int maxLineBytes, TimeProvider timeProvider) : IProcessLauncher
{
    private const string Shell = "/bin/sh";

    private static readonly string[] SetsidLocations = ["/usr/bin/setsid", "/bin/setsid"];

    public IInstanceProcess Start(InstanceSpec spec, Action<OutputStream, string> onLine) =>
        Start(spec, ["-c", spec.Command], spec.EffectiveEnvironment, onLine);

    /// <summary>Starts <c>setsid /bin/sh SHELLARGUMENTS</c> in the spec's working directory with exactly <paramref name="environment"/>
    /// (the isolating launcher passes a script that confines the process before it runs the spec's command).</summary>
    internal ShellInstanceProcess Start(InstanceSpec spec, IReadOnlyList<string> shellArguments, ValueMap environment, Action<OutputStream, string> onLine)
    {
        var setsid = Array.Find(SetsidLocations, File.Exists)
            ?? throw new InstanceLaunchException("setsid was not found in /usr/bin or /bin; install util-linux (apt-get install util-linux)");
        if (!Directory.Exists(spec.WorkingDirectory))
        {
            throw new InstanceLaunchException($"working directory {spec.WorkingDirectory} does not exist; build the release first");
        }

        var startInfo = new ProcessStartInfo(setsid)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Shell);
        foreach (var argument in shellArguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InstanceLaunchException($"{setsid} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InstanceLaunchException($"could not start {Shell} -c '{spec.Command}' in {spec.WorkingDirectory}: {ex.Message}", ex);
        }

        // Instances get end-of-file on stdin instead of Runway's terminal.
        process.StandardInput.Close();
        return new ShellInstanceProcess(process, maxLineBytes, timeProvider, onLine);
    }
}
