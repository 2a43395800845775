using Runway.Build.Releases;
using static Runway.Build.Tests.Support.Specs;

namespace Runway.Build.Tests.Building;

public sealed class BuildFailureTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task Failing_command_reports_its_exit_code_and_last_lines_and_stops_the_build()
    {
        _harness.Write("first/index.html", "ok");
        _harness.Write("second/index.html", "ok");
        _harness.Write("third/index.html", "ok");
        // stdout and stderr are separate pipes, so their relative order is only certain with a pause between them.
        var failing = BuildWith(null, Phase("build", "echo fine", "for i in $(seq 1 30); do echo line $i; done; sleep 0.3; echo oops >&2; exit 3", "echo never"));
        var app = _harness.App(sites: [Site("first", "first"), Site("second", "second", failing), Site("third", "third")]);

        var result = await _harness.BuildAsync(app);

        Assert.False(result.Succeeded);
        var failure = result.Failure!;
        Assert.Equal("second", failure.Part);
        Assert.Equal("build", failure.Phase);
        Assert.StartsWith("for i in", failure.Command, StringComparison.Ordinal);
        Assert.Equal(3, failure.ExitCode);
        Assert.Equal(20, failure.LastLines.Count);
        Assert.Equal("line 12", failure.LastLines[0]);
        Assert.Equal("oops", failure.LastLines[^1]);
        Assert.Contains("exited with code 3", failure.Message, StringComparison.Ordinal);
        Assert.Contains(result.Release!.BuildLogPath, failure.Message, StringComparison.Ordinal);

        Assert.Equal(["first"], result.Parts.Select(p => p.Plan.PartName));
        Assert.False(Directory.Exists(result.Release.PartDirectory("third")), "the build stops at the first failure");
        Assert.DoesNotContain(_harness.Lines, l => l.Text == "never");
        var metadata = _harness.Store.ReadMetadata(result.Release)!;
        Assert.Equal(ReleaseStatus.Failed, metadata.Status);
        Assert.Equal(new ReleaseFailure("second", "build", failure.Command, 3, failure.Message), metadata.Failure);
        Assert.Contains("[second] line 30", File.ReadAllLines(result.Release.BuildLogPath));
    }

    [Fact]
    public async Task Plan_errors_build_nothing()
    {
        _harness.Write("package.json", """{ "name": "x" }""");

        var result = await _harness.BuildAsync(_harness.App([Service("web")]));

        Assert.False(result.Succeeded);
        Assert.Null(result.Release);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains("service 'web' has no start command", StringComparison.Ordinal));
        Assert.Empty(_harness.Store.List("demo"));
        Assert.Contains(_harness.Lines, l => l.Source == BuildOutputSource.Runway && l.Text.Contains("no start command", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Planning_warnings_are_reported_and_kept_in_the_build_log()
    {
        _harness.Write("index.html", "x");
        var build = Runway.Model.BuildSpec.Default with { Builder = "DOCKERFILE" };

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("www", build: build)]));

        Assert.True(result.Succeeded, result.Failure?.Message);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Contains(_harness.Lines, l => l.Text == warning.ToString());
        Assert.Contains(warning.ToString(), File.ReadAllLines(result.Release!.BuildLogPath));
    }

    [Fact]
    public async Task Unreadable_source_fails_the_part_with_a_message()
    {
        _harness.Write("site/index.html", "x");
        _harness.Write("site/private.txt", "secret", UnixFileMode.None);
        if (Environment.UserName == "root")
        {
            // root reads any file, so the copy cannot fail this way; prove instead that the mode was kept.
            var ok = await _harness.BuildAsync(_harness.App(sites: [Site("site", "site")]));
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(ok.Parts[0].Directory, "private.txt")));
            return;
        }

        var result = await _harness.BuildAsync(_harness.App(sites: [Site("site", "site")]));

        Assert.Contains("could not copy its source", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(ReleaseStatus.Failed, _harness.Store.ReadMetadata(result.Release!)!.Status);
    }

    public void Dispose() => _harness.Dispose();
}
