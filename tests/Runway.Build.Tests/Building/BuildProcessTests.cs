using System.Globalization;
using Runway.Build.Releases;
using static Runway.Build.Tests.Support.Specs;

namespace Runway.Build.Tests.Building;

public sealed class BuildProcessTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task Output_is_streamed_line_by_line_while_the_command_runs()
    {
        // The command waits for a file that only the output callback creates: it finishes only if "first" arrives while it runs.
        var build = BuildWith(null, Phase("build", "echo first; echo warning >&2; while [ ! -f go ]; do sleep 0.05; done; echo second"));
        _harness.Write("www/index.html", "x");
        _harness.OnLine = line =>
        {
            if (line.Text == "first")
            {
                File.WriteAllText(Path.Combine(_harness.Store.AppDirectory("demo"), "1", "www", "go"), "");
            }
        };

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("www", "www", build)]));

        Assert.True(result.Succeeded, result.Failure?.Message);
        var commandLines = _harness.Lines.Where(l => l.Source != BuildOutputSource.Runway).ToList();
        Assert.Equal(["first", "second"], commandLines.Where(l => l.Source == BuildOutputSource.Stdout).Select(l => l.Text));
        Assert.Equal("warning", Assert.Single(commandLines, l => l.Source == BuildOutputSource.Stderr).Text);
        Assert.All(_harness.Lines.Where(l => l.Part.Length > 0), l => Assert.Equal("www", l.Part));
        Assert.Contains(_harness.Lines, l => l.Source == BuildOutputSource.Runway && l.Text == "==> www: build: " + build.Phases[0].Commands!.Value[0]);
    }

    [Fact]
    public async Task Cancellation_kills_the_running_command_and_its_children()
    {
        _harness.Write("www/index.html", "x");
        var build = BuildWith(null, Phase("build", "sleep 300 & echo $! > child.pid; echo started; wait"));
        using var cancel = new CancellationTokenSource();
        _harness.OnLine = line =>
        {
            if (line.Text == "started")
            {
                cancel.Cancel();
            }
        };

        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _harness.BuildAsync(_harness.App(sites: [Site("www", "www", build)]), cancel.Token));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        var release = _harness.Store.Find("demo", 1)!;
        var child = int.Parse(File.ReadAllText(Path.Combine(release.PartDirectory("www"), "child.pid")).Trim(), CultureInfo.InvariantCulture);
        Assert.True(await BuildHarness.WaitGoneAsync(child), $"sleep (pid {child}) still runs after cancellation");
        var metadata = _harness.Store.ReadMetadata(release)!;
        Assert.Equal(ReleaseStatus.Failed, metadata.Status);
        Assert.Contains("cancelled", metadata.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Processes_a_command_leaves_behind_are_killed_when_it_ends()
    {
        _harness.Write("www/index.html", "x");
        var build = BuildWith(null, Phase("build", "sleep 300 > /dev/null 2>&1 & echo $! > background.pid"));

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("www", "www", build)]));

        Assert.True(result.Succeeded, result.Failure?.Message);
        var pid = int.Parse(File.ReadAllText(Path.Combine(result.Parts[0].Directory, "background.pid")).Trim(), CultureInfo.InvariantCulture);
        Assert.True(await BuildHarness.WaitGoneAsync(pid), $"background sleep (pid {pid}) outlived the build");
    }

    [Fact]
    public async Task A_background_process_holding_the_output_open_does_not_hang_the_build()
    {
        _harness.Write("www/index.html", "x");
        var build = BuildWith(null, Phase("build", "sleep 300 & echo $! > background.pid; echo done"));
        var started = DateTime.UtcNow;

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("www", "www", build)]));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        var pid = int.Parse(File.ReadAllText(Path.Combine(result.Parts[0].Directory, "background.pid")).Trim(), CultureInfo.InvariantCulture);
        Assert.True(await BuildHarness.WaitGoneAsync(pid));
    }

    [Fact]
    public async Task Commands_get_no_stdin()
    {
        _harness.Write("www/index.html", "x");
        var build = BuildWith(null, Phase("build", "cat; echo after-cat"));

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("www", "www", build)]));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Contains(_harness.Lines, l => l.Text == "after-cat");
    }

    [Fact]
    public async Task Two_builds_at_once_get_their_own_releases()
    {
        _harness.Write("www/index.html", "x");
        var build = BuildWith(null, Phase("build", "sleep 0.2; echo built > marker"));
        var app = _harness.App(sites: [Site("www", "www", build)]);

        var results = await Task.WhenAll(_harness.BuildAsync(app), _harness.BuildAsync(app));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Failure?.Message));
        Assert.Equal([1, 2], results.Select(r => r.Release!.Number).Order());
    }

    public void Dispose() => _harness.Dispose();
}
