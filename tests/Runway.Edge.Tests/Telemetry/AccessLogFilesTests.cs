using System.Net;
using System.Text.Json;
using Runway.Edge.Forwarding;
using Runway.Edge.Telemetry;
using Runway.Edge.Tests.StaticFiles;

namespace Runway.Edge.Tests.Telemetry;

/// <summary>The daemon and `runway up` keep each app's access log in its own file, APP-access.log.</summary>
public sealed class AccessLogFilesTests : IDisposable
{
    private readonly TempDirectory _logs = new();

    [Fact]
    public async Task Each_app_gets_its_own_file_and_requests_for_no_app_go_to_the_edge_file()
    {
        var log = new AccessLog(AccessLogSink.PerAppFiles(_logs.Path));
        log.Write(Entry("shop", "/cart"));
        log.Write(Entry("blog", "/post/1"));
        log.Write(Entry("shop", "/checkout"));
        log.Write(Entry("", "/unknown-host"));
        await log.DisposeAsync();

        Assert.Equal(["/cart", "/checkout"], Paths("shop-access.log"));
        Assert.Equal(["/post/1"], Paths("blog-access.log"));
        Assert.Equal(["/unknown-host"], Paths("edge-access.log"));
    }

    [Fact]
    public async Task Lines_are_appended_to_what_an_earlier_run_wrote()
    {
        await File.WriteAllTextAsync(Path.Combine(_logs.Path, "shop-access.log"), "{\"path\":\"/earlier\"}\n");
        var log = new AccessLog(AccessLogSink.PerAppFiles(_logs.Path));
        log.Write(Entry("shop", "/later"));
        await log.DisposeAsync();

        Assert.Equal(["/earlier", "/later"], Paths("shop-access.log"));
    }

    [Theory]
    [InlineData("../etc", "edge-access.log")]
    [InlineData(".hidden", "edge-access.log")]
    [InlineData("a/b", "edge-access.log")]
    [InlineData("shop", "shop-access.log")]
    public void A_name_that_could_leave_the_directory_is_never_a_file_name(string app, string expected) =>
        Assert.Equal(expected, AccessLogFiles.FileNameFor(app));

    private static AccessLogEntry Entry(string app, string path) =>
        new(DateTimeOffset.UnixEpoch, app, "web", "GET", "example.test", path, 200, TimeSpan.FromMilliseconds(1), 10, null, ForwardError.None, IPAddress.Loopback);

    private string[] Paths(string file) =>
        [.. File.ReadAllLines(Path.Combine(_logs.Path, file)).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("path").GetString()!)];

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
        log.Write(Entry("/lost-1"));
        log.Write(Entry("/lost-2"));
        await WaitUntilAsync(() => target.Failures == 1);
        log.Write(Entry("/lost-3"));
        await WaitUntilAsync(() => target.Failures == 2);
        log.Write(Entry("/kept"));
        await log.DisposeAsync();

        Assert.Equal(["/kept"], target.Lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("path").GetString()));
        var said = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(said);
        Assert.Contains("access log cannot be written (No space left on device)", said[0], StringComparison.Ordinal);
    }

    private static AccessLogEntry Entry(string path) =>
        new(DateTimeOffset.UnixEpoch, "shop", "web", "GET", "example.test", path, 200, TimeSpan.Zero, 0, null, ForwardError.None, null);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
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

/// <summary>logrotate moves a log away (and may create an empty one): the next batch goes to a file under the name again.</summary>
public sealed class AccessLogRotationTests : IDisposable
{
    private readonly TempDirectory _logs = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_log_moved_away_is_followed_by_a_new_file_under_its_name(bool createEmpty)
    {
        var path = Path.Combine(_logs.Path, "shop-access.log");
        var log = new AccessLog(AccessLogSink.PerAppFiles(_logs.Path));
        log.Write(Entry("/before"));
        await WaitUntilAsync(() => File.Exists(path) && new FileInfo(path).Length > 0);
        File.Move(path, path + ".1");
        if (createEmpty)
        {
            await File.WriteAllTextAsync(path, "");
        }

        log.Write(Entry("/after"));
        await log.DisposeAsync();

        Assert.Equal(["/before"], Paths(path + ".1"));
        Assert.Equal(["/after"], Paths(path));
    }

    private static AccessLogEntry Entry(string path) =>
        new(DateTimeOffset.UnixEpoch, "shop", "web", "GET", "example.test", path, 200, TimeSpan.Zero, 0, null, ForwardError.None, null);

    private static string[] Paths(string file) =>
        [.. File.ReadAllLines(file).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("path").GetString()!)];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    public void Dispose() => _logs.Dispose();
}
