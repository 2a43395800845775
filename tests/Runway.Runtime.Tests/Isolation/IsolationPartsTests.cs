using Runway.Runtime.Isolation;
using Runway.Runtime.Processes;
using Runway.Runtime.Supervision;
using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Isolation;

public sealed class IsolationPartsTests
{
    private static readonly SystemUser User = new("runway-shop", 998, 994);

    [Theory]
    [InlineData("web.1", "web.1")]
    [InlineData("@acme/shop", "_acme_shop")]
    [InlineData("..", "_..")]
    [InlineData("", "_")]
    public void Cgroup_names_keep_only_safe_characters(string name, string expected) => Assert.Equal(expected, CgroupNames.Segment(name));

    [Theory]
    [InlineData(64L << 20, "64 MiB")]
    [InlineData(3L << 29, "1.5 GiB")]
    [InlineData(512L << 10, "512 KiB")]
    [InlineData(1000, "1000 bytes")]
    public void Memory_sizes_are_shown_in_powers_of_1024(long bytes, string expected) => Assert.Equal(expected, MemorySizes.Format(bytes));

    [Fact]
    public void A_memory_limit_kill_explains_the_end_of_the_run()
    {
        Assert.Equal(
            ("killed: exceeded its memory limit of 64 MiB", true),
            RunOutcome.Exited(137).WithMemoryLimitKill(64L << 20) is var killed ? (killed.Reason, killed.OutOfMemory) : default);
        Assert.Equal(
            "exited with code 1; a process of it was killed for exceeding the memory limit of 64 MiB",
            RunOutcome.Exited(1).WithMemoryLimitKill(64L << 20).Reason);
    }

    [Theory]
    [InlineData("/tmp")]
    [InlineData("/")]
    [InlineData("/srv/")]
    public void Top_level_directories_are_never_handed_to_an_apps_user(string directory)
    {
        var error = Assert.Throws<InstanceLaunchException>(() => new DirectoryOwnership().GiveTo(directory, User));

        Assert.Contains("not in a top-level directory of the host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_the_user_cannot_reach_is_refused_with_the_way_out()
    {
        using var root = new TempDirectory();
        var locked = root.Combine("home");
        var release = Path.Combine(locked, "releases", "1");
        Directory.CreateDirectory(release);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var error = Assert.Throws<InstanceLaunchException>(() => new DirectoryOwnership().GiveTo(release, User));

        Assert.Equal(
            $"runway-shop cannot reach {release}: {locked} is not searchable by other users (mode 700); keep RUNWAY_HOME out of it (e.g. /var/lib/runway), or chmod o+x {locked}",
            error.Message);
    }
}
