using Runway.Runtime.Processes;

namespace Runway.Runtime.Isolation;

/// <summary>Chooses how instances are started: confined when the options ask for it and the host allows it, plainly otherwise.</summary>
internal static class InstanceLaunchers
{
    public static (IProcessLauncher Launcher, IsolationSupport Isolation) Create(SupervisorOptions options, TimeProvider time)
    {
        var shell = new ShellProcessLauncher(options.MaxLineBytes, time);
        if (options.Isolation == IsolationMode.Off)
        {
            return (shell, IsolationSupport.TurnedOff);
        }

        var host = IsolationHost.Local();
        var support = IsolationSupport.Probe(host, Environment.IsPrivilegedProcess);
        return support.IsIsolated ? (new IsolatingProcessLauncher(shell, support, host, time), support) : (shell, support);
    }
}
