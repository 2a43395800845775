using Runway.Build;
using Runway.Server.Daemon;
using Runway.Tests.Shared;

namespace Runway.Server.Tests;

public sealed class DaemonFilesTests : IDisposable
{
    private readonly TempDirectory _home = new("runway-daemon-files-");

    [Fact]
    public void The_token_is_created_once_readable_by_its_owner_only()
    {
        var files = new DaemonFiles(new RunwayHome(_home.Path));

        var token = files.EnsureToken();

        Assert.Matches("^[0-9a-f]{64}$", token);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.TokenPath));
        Assert.Equal(token, files.EnsureToken());
    }

    [Fact]
    public void Only_one_daemon_holds_a_home()
    {
        var files = new DaemonFiles(new RunwayHome(_home.Path));

        using (var first = files.TryLock())
        {
            Assert.NotNull(first);
            Assert.Null(files.TryLock());
        }

        using var again = files.TryLock();
        Assert.NotNull(again);
    }

    [Fact]
    public void The_address_is_written_whole_and_removed_only_by_its_daemon()
    {
        var files = new DaemonFiles(new RunwayHome(_home.Path));
        files.WriteAddress(new DaemonAddress("http://127.0.0.1:4000", 8080, 1234));

        files.RemoveAddress(999);
        Assert.Equal(new DaemonAddress("http://127.0.0.1:4000", 8080, 1234), files.ReadAddress());
        files.RemoveAddress(1234);
        Assert.Null(files.ReadAddress());
    }

    public void Dispose() => _home.Dispose();
}
