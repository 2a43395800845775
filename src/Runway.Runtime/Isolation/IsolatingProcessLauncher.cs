using Runway.Runtime.Processes;

namespace Runway.Runtime.Isolation;

/// <summary>Starts each instance confined: in its own cgroup with its limits, as its app's system user, owning its working directory.</summary>
internal sealed class IsolatingProcessLauncher : IProcessLauncher
{
    private readonly ShellProcessLauncher _shell;
    private readonly IsolationHost _host;
    private readonly TimeProvider _time;
    private readonly SystemUsers _users;
    private readonly DirectoryOwnership _ownership = new();

    public IsolatingProcessLauncher(ShellProcessLauncher shell, IsolationSupport support, IsolationHost host, TimeProvider time)
    {
        if (!support.IsIsolated)
        {
            throw new ArgumentException($"this host cannot isolate instances ({support.Description})", nameof(support));
        }

        _shell = shell;
        Support = support;
        _host = host;
        _time = time;
        _users = new SystemUsers(host);
    }

    public IsolationSupport Support { get; }

    /// <summary>The user an instance of <paramref name="app"/> runs as unless its spec names one.</summary>
    public static string UserFor(string app) => SystemUsers.NameFor(app);

    public IInstanceProcess Start(InstanceSpec spec, Action<OutputStream, string> onLine)
    {
        if (!Directory.Exists(spec.WorkingDirectory))
        {
            throw new InstanceLaunchException($"working directory {spec.WorkingDirectory} does not exist; build the release first");
        }

        var app = spec.App ?? spec.Id.Service;
        var user = spec.RunAsUser is { } name
            ? _users.Find(name) ?? throw new InstanceLaunchException($"user {name}, which {spec.Id} should run as, does not exist; create it, or leave it unset so the instance runs as {UserFor(app)}")
            : _users.Ensure(UserFor(app));
        _ownership.GiveTo(spec.WorkingDirectory, user);
        var cgroup = InstanceCgroup.Create(Support.Layout!, CgroupNames.Segment(app), CgroupNames.Segment(spec.Id.ToString()), spec.Limits);
        try
        {
            // The user's own name and a home it may write to (it owns the working directory); the rest is the spec's.
            var environment = spec.EffectiveEnvironment
                .With("HOME", spec.WorkingDirectory)
                .With("USER", user.Name)
                .With("LOGNAME", user.Name);
            var arguments = IsolatedCommand.ShellArguments(cgroup.ProcsFiles, user, _host.Setpriv!, spec.Command);
            return new IsolatedInstanceProcess(_shell.Start(spec, arguments, environment, onLine), cgroup, _time);
        }
        catch
        {
            cgroup.TryRemove();
            throw;
        }
    }
}
