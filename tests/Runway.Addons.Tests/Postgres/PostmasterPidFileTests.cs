using Runway.Addons.Postgres;

namespace Runway.Addons.Tests.Postgres;

public sealed class PostmasterPidFileTests
{
    [Fact]
    public void The_pid_port_and_status_are_read_from_their_lines() =>
        Assert.Equal(
            new PostmasterPidFile(4242, 54321, "ready"),
            PostmasterPidFile.Parse(["4242", "/tmp/data", "1700000000", "54321", "/tmp/data", "127.0.0.1", "  1234567     0", "ready   "]));

    [Fact]
    public void A_half_written_file_is_not_trusted() =>
        Assert.Null(PostmasterPidFile.Parse(["4242", "/tmp/data"]));
}
