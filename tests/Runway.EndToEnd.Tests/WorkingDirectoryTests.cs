using System.Net.Sockets;

namespace Runway.EndToEnd.Tests;

/// <summary>`runway up` run inside a repository takes nothing from that directory but the app: a .NET app's appsettings.json there
/// does not configure Runway's own web server, and Runway does not watch the directory's files.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class WorkingDirectoryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_appsettings_json_in_the_working_directory_opens_no_listener_and_nothing_watches_the_directory()
    {
        var port = Http.FreePort();
        var foreignPort = Http.FreePort();
        using var app = new TempApp(
            ("public/index.html", "<h1>hi</h1>"),
            ("vercel.json", "{ \"outputDirectory\": \"public\" }\n"),
            ("appsettings.json", $"{{ \"Kestrel\": {{ \"Endpoints\": {{ \"Api\": {{ \"Url\": \"http://127.0.0.1:{foreignPort}\" }} }} }} }}\n"),
            ("src/a/b/c.txt", "nested directories, each of which a watcher would need a watch for"));
        await using var runway = RunwayProcess.StartFrom(app.Directory, output, "up", ".", "--port", port.ToString());
        await runway.WaitForLineAsync("is up", Timeout);

        var (status, body) = await Http.GetAsync($"http://127.0.0.1:{port}/");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains("hi", body);
        using (var probe = new TcpClient())
        {
            await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync("127.0.0.1", foreignPort));
        }

        var inotify = Directory.GetFiles($"/proc/{runway.Pid}/fd")
            .Count(fd => new FileInfo(fd).LinkTarget is "anon_inode:inotify");
        Assert.Equal(0, inotify);

        await runway.StopCleanlyAsync(Signals.Interrupt, Timeout);
    }
}
