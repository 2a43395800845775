using System.Net;
using System.Text.Json;
using Runway.Edge.Forwarding;
using Runway.Edge.Telemetry;
using Runway.Tests.Shared;

namespace Runway.Edge.Tests.Telemetry;

/// <summary>The daemon and `runway up` keep each app's access log in its own file, APP-access.log.</summary>
public sealed class AccessLogFilesTests : IDisposable
{
    private readonly TempDirectory _logs = new();

    [Fact]
    public async Task Each_app_gets_its_own_file_and_requests_for_no_app_go_to_the_edge_file()
    {
        var log = new AccessLog(AccessLogSink.PerAppFiles(_logs.Path));
        log.Write(AccessLogLines.Entry("/cart", "shop"));
        log.Write(AccessLogLines.Entry("/post/1", "blog"));
        log.Write(AccessLogLines.Entry("/checkout", "shop"));
        log.Write(AccessLogLines.Entry("/unknown-host", ""));
        await log.DisposeAsync();

        Assert.Equal(["/cart", "/checkout"], AccessLogLines.PathsIn(Path.Combine(_logs.Path, "shop-access.log")));
        Assert.Equal(["/post/1"], AccessLogLines.PathsIn(Path.Combine(_logs.Path, "blog-access.log")));
        Assert.Equal(["/unknown-host"], AccessLogLines.PathsIn(Path.Combine(_logs.Path, "edge-access.log")));
    }

    [Fact]
    public async Task Lines_are_appended_to_what_an_earlier_run_wrote()
    {
        var path = Path.Combine(_logs.Path, "shop-access.log");
        await File.WriteAllTextAsync(path, "{\"path\":\"/earlier\"}\n");
        var log = new AccessLog(AccessLogSink.PerAppFiles(_logs.Path));
        log.Write(AccessLogLines.Entry("/later"));
        await log.DisposeAsync();

        Assert.Equal(["/earlier", "/later"], AccessLogLines.PathsIn(path));
    }

    [Theory]
    [InlineData("../etc", "edge-access.log")]
    [InlineData(".hidden", "edge-access.log")]
    [InlineData("a/b", "edge-access.log")]
    [InlineData("shop", "shop-access.log")]
    public void A_name_that_could_leave_the_directory_is_never_a_file_name(string app, string expected) =>
        Assert.Equal(expected, AccessLogFiles.FileNameFor(app));

    /// <summary>logrotate moves a log away (and may create an empty one): the next batch goes to a file under the name again.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_log_moved_away_is_followed_by_a_new_file_under_its_name(bool createEmpty)
    {
        var path = Path.Combine(_logs.Path, "shop-access.log");
        var log = new AccessLog(AccessLogSink.PerAppFiles(_logs.Path));
        log.Write(AccessLogLines.Entry("/before"));
        await Eventually.TrueAsync(() => File.Exists(path) && new FileInfo(path).Length > 0, "the first line written");
        File.Move(path, path + ".1");
        if (createEmpty)
        {
            await File.WriteAllTextAsync(path, "");
        }

        log.Write(AccessLogLines.Entry("/after"));
        await log.DisposeAsync();

        Assert.Equal(["/before"], AccessLogLines.PathsIn(path + ".1"));
        Assert.Equal(["/after"], AccessLogLines.PathsIn(path));
    }

    [Fact]
    public async Task A_forgotten_app_has_its_queued_lines_written_then_its_file_deleted_and_others_keep_theirs()
    {
        var shop = Path.Combine(_logs.Path, "shop-access.log");
        var log = new AccessLog(AccessLogSink.PerAppFiles(_logs.Path));
        log.Write(AccessLogLines.Entry("/cart", "shop"));
        log.Write(AccessLogLines.Entry("/post/1", "blog"));
        log.Write(AccessLogLines.Entry("/unknown-host", ""));
        await Eventually.TrueAsync(() => File.Exists(shop), "the shop's first line written");

        log.Write(AccessLogLines.Entry("/checkout", "shop"));
        await log.ForgetAsync("shop");
        await log.ForgetAsync("");
        Assert.False(File.Exists(shop));

        // A line that arrives after all the same starts a new file rather than vanishing into the deleted one.
        log.Write(AccessLogLines.Entry("/late", "shop"));
        await log.DisposeAsync();
        Assert.Equal(["/late"], AccessLogLines.PathsIn(shop));
        Assert.Equal(["/post/1"], AccessLogLines.PathsIn(Path.Combine(_logs.Path, "blog-access.log")));
        Assert.Equal(["/unknown-host"], AccessLogLines.PathsIn(Path.Combine(_logs.Path, "edge-access.log")));
    }

    [Fact]
    public async Task Forgetting_after_the_log_is_shut_down_returns_at_once()
    {
        var log = new AccessLog(AccessLogSink.PerAppFiles(_logs.Path));
        await log.DisposeAsync();
        await log.ForgetAsync("shop");
    }

    public void Dispose() => _logs.Dispose();
}

/// <summary>A log that cannot be written (a full disk) neither stops the edge nor keeps lines in memory.</summary>
public sealed class AccessLogFailureTests
{
    [Fact]
    public async Task A_failing_sink_drops_its_batch_says_so_once_and_writes_again_when_it_can()
    {
        var target = new FailingThenWorkingWriter(failures: 2);
        var errors = new StringWriter();
        var log = new AccessLog(AccessLogSink.To(target), errors);
        log.Write(AccessLogLines.Entry("/lost-1"));
        log.Write(AccessLogLines.Entry("/lost-2"));
        await Eventually.TrueAsync(() => target.Failures == 1, "the first failed batch");
        log.Write(AccessLogLines.Entry("/lost-3"));
        await Eventually.TrueAsync(() => target.Failures == 2, "the second failed batch");
        log.Write(AccessLogLines.Entry("/kept"));
        await log.DisposeAsync();

        Assert.Equal(["/kept"], target.Lines.Select(AccessLogLines.PathOf));
        var said = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(said);
        Assert.Contains("access log cannot be written (No space left on device)", said[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_is_not_valid_utf16_is_logged_with_a_replacement_character_between_intact_lines()
    {
        var target = new FailingThenWorkingWriter(failures: 0);
        var log = new AccessLog(AccessLogSink.To(target), new StringWriter());
        log.Write(AccessLogLines.Entry("/before"));
        log.Write(AccessLogLines.Entry("/lone-\ud800-surrogate"));
        log.Write(AccessLogLines.Entry("/after"));
        await log.DisposeAsync();

        Assert.Equal(["/before", "/lone-\ufffd-surrogate", "/after"], target.Lines.Select(AccessLogLines.PathOf));
    }

    private sealed class FailingThenWorkingWriter(int failures) : TextWriter
    {
        private int _failures;

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public int Failures => Volatile.Read(ref _failures);

        public List<string> Lines { get; } = [];

        public override Task WriteLineAsync(string? value)
        {
            if (_failures < failures)
            {
                Interlocked.Increment(ref _failures);
                throw new IOException("No space left on device");
            }

            Lines.Add(value ?? "");
            return Task.CompletedTask;
        }

        public override Task FlushAsync() => Task.CompletedTask;
    }
}

/// <summary>Access log entries to write and the paths read back from the lines.</summary>
internal static class AccessLogLines
{
    public static AccessLogEntry Entry(string path, string app = "shop") =>
        new(DateTimeOffset.UnixEpoch, app, "web", "GET", "example.test", path, 200, TimeSpan.FromMilliseconds(1), 10, null, ForwardError.None, IPAddress.Loopback);

    public static string PathOf(string line) => JsonDocument.Parse(line).RootElement.GetProperty("path").GetString()!;

    public static string[] PathsIn(string file) => [.. File.ReadAllLines(file).Select(PathOf)];
}
