namespace Runway.Runtime.Isolation;

/// <summary>Where the host keeps what isolation needs: the cgroup mount, Runway's own cgroup membership, the user
/// database and the util-linux/passwd tools. Tests point these at a temporary directory.</summary>
/// <param name="Setpriv">util-linux <c>setpriv</c>, which switches to the instance's user before its command runs; null when missing.</param>
/// <param name="Useradd">passwd's <c>useradd</c>, which creates the <c>runway-APP</c> users; null when missing.</param>
/// <param name="NoLoginShell">The shell given to created users, so nobody can log in as them.</param>
internal sealed record IsolationHost(
    string CgroupRoot,
    string SelfCgroupFile,
    string PasswdFile,
    string GroupFile,
    string? Setpriv,
    string? Useradd,
    string NoLoginShell)
{
    public static IsolationHost Local() => new(
        "/sys/fs/cgroup",
        "/proc/self/cgroup",
        "/etc/passwd",
        "/etc/group",
        FirstExisting("/usr/bin/setpriv", "/bin/setpriv"),
        FirstExisting("/usr/sbin/useradd", "/sbin/useradd"),
        FirstExisting("/usr/sbin/nologin", "/sbin/nologin") ?? "/bin/false");

    private static string? FirstExisting(params string[] paths) => Array.Find(paths, File.Exists);
}
