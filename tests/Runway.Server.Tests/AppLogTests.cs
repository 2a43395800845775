using Runway.Server.Logs;
using Runway.Tests.Shared;

namespace Runway.Server.Tests;

public sealed class AppLogTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 3, 4, 5, 678, TimeSpan.Zero);
    private readonly TempDirectory _directory = new("runway-log-");

    [Theory]
    [InlineData("web.2", "web")]
    [InlineData("worker.10", "worker")]
    [InlineData("runway", "runway")]
    [InlineData("api:build", "api:build")]
    public void A_line_keeps_its_source_and_text_through_the_file(string source, string service)
    {
        var line = new LogLine(At, source, "GET / 200 | done");

        var read = LogLine.Parse(line.Format());

        Assert.Equal(line, read);
        Assert.Equal(service, read!.Service);
        Assert.Equal("2026-11-22T03:04:05.678Z " + source + " | GET / 200 | done", line.Format());
    }

    [Fact]
    public void The_tail_filters_by_service_and_survives_reopening()
    {
        using (var log = new AppLog(_directory.Combine("shop.log")))
        {
            for (var i = 0; i < 5; i++)
            {
                log.Append(new LogLine(At, i % 2 == 0 ? "web.1" : "worker.1", $"line {i}"));
            }
        }

        using var reopened = new AppLog(_directory.Combine("shop.log"));
        Assert.Equal(["line 3", "line 4"], reopened.Tail(2).Select(l => l.Text));
        Assert.Equal(["line 1", "line 3"], reopened.Tail(10, "worker").Select(l => l.Text));
    }

    [Fact]
    public async Task Following_gives_the_tail_then_every_new_line_once()
    {
        using var log = new AppLog(_directory.Combine("shop.log"));
        log.Append(new LogLine(At, "web.1", "before"));

        using var subscription = log.Follow(10, null, out var tail);
        log.Append(new LogLine(At, "web.1", "after"));

        Assert.Equal(["before"], tail.Select(l => l.Text));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("after", (await subscription.Lines.ReadAsync(timeout.Token)).Text);
        Assert.False(subscription.Lines.TryRead(out _));
    }

    public void Dispose() => _directory.Dispose();
}
