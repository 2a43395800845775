namespace Runway.EndToEnd.Tests;

/// <summary>`runway up` runs its sockets' completions inline (one event thread per core) without passing that setting to
/// the apps it starts.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class InlineSocketCompletionsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Runway_has_an_event_thread_per_core_and_its_apps_do_not_inherit_the_setting()
    {
        using var app = new TempApp(("Procfile", "worker: echo \"inline=${DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS:-unset}\"; sleep 60\n"));
        await using var runway = RunwayProcess.Start(output, "up", app.Directory);

        var line = await runway.WaitForLineAsync(@"^worker\.1\s+\|\s+inline=(\S+)", Timeout);
        Assert.Equal("unset", line.Groups[1].Value);

        // .NET starts one socket event thread per core only when completions run inline (otherwise one per 30 cores).
        var eventThreads = Directory.GetDirectories($"/proc/{runway.Pid}/task")
            .Count(task => File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Sockets");
        Assert.Equal(Environment.ProcessorCount, eventThreads);

        await runway.StopCleanlyAsync(Signals.Interrupt, Timeout);
    }
}
