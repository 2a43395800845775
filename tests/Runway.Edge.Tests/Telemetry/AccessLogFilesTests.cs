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
