using System.Text.Json;
using Runway.Build.Planning;
using Runway.Build.Releases;
using Runway.Build.Tests.Support;
using Runway.Model;
using Runway.Tests.Shared;

namespace Runway.Build.Tests.Releases;

public sealed class ReleaseStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _home = new();
    private readonly ReleaseStore _store;

    public ReleaseStoreTests() => _store = new ReleaseStore(new RunwayHome(_home.Path), new FixedTime(Now));

    private static BuildPlan WebPlan { get; } = new(
        "web", PartKind.Service, ".", "node",
        ValueList.Of(new PlannedPhase("install", ValueList.Of("npm ci"))),
        "npm start", ValueMap.Empty, Specs.Map(("NODE_ENV", "production")), Specs.Map(("SECRET_TOKEN", "hunter2")), ValueList.Of("node_modules/.bin"));

    [Fact]
    public void Releases_are_numbered_from_one_under_the_app_directory()
    {
        var first = _store.Create("shop", [WebPlan]);
        var second = _store.Create("shop", [WebPlan]);
        var other = _store.Create("blog", [WebPlan]);

        Assert.Equal(1, first.Number);
        Assert.Equal(2, second.Number);
        Assert.Equal(1, other.Number);
        Assert.Equal(Path.Combine(_home.Path, "releases", "shop", "2"), second.Directory);
        Assert.True(Directory.Exists(second.Directory));
    }

    [Fact]
    public void New_release_records_its_plan_as_building_without_variable_values()
    {
        var release = _store.Create("shop", [WebPlan]);

        var metadata = _store.ReadMetadata(release)!;
        Assert.Equal(ReleaseStatus.Building, metadata.Status);
        Assert.Equal(Now, metadata.CreatedAt);
        var part = Assert.Single(metadata.Parts);
        Assert.Equal(["npm ci"], part.Phases.Single().Commands);
        Assert.Equal("npm start", part.StartCommand);
        Assert.Equal("production", part.ProviderRunEnvironment["NODE_ENV"]);
        Assert.DoesNotContain("hunter2", File.ReadAllText(release.MetadataPath), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(release.MetadataPath));
        Assert.Equal("Building", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Concurrent_creates_never_share_a_number()
    {
        var releases = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _store.Create("shop", [WebPlan]))));

        Assert.Equal(Enumerable.Range(1, 16), releases.Select(r => r.Number).Order());
        Assert.Equal(16, _store.List("shop").Count);
        Assert.Empty(Directory.EnumerateDirectories(_store.AppDirectory("shop"), ".staging-*"));
    }

    [Fact]
    public void Numbering_skips_past_taken_numbers_and_ignores_other_directories()
    {
        Directory.CreateDirectory(Path.Combine(_store.AppDirectory("shop"), "7"));
        Directory.CreateDirectory(Path.Combine(_store.AppDirectory("shop"), "notes"));
        Directory.CreateDirectory(Path.Combine(_store.AppDirectory("shop"), ".staging-leftover"));

        Assert.Equal(8, _store.Create("shop", [WebPlan]).Number);
        Assert.Equal([8], _store.List("shop").Select(m => m.Number));
    }

    [Fact]
    public void Complete_release_cannot_be_modified()
    {
        var release = _store.Create("shop", [WebPlan]);
        var parts = new[] { ReleasePart.From(WebPlan) };

        var finished = _store.Finish(release, parts, null);

        Assert.Equal(ReleaseStatus.Complete, finished.Status);
        Assert.Equal(ReleaseStatus.Complete, _store.ReadMetadata(release)!.Status);
        Assert.Throws<InvalidOperationException>(() => _store.Finish(release, parts, null));
        Assert.Throws<InvalidOperationException>(() => _store.CopySource(release, "web", _home.Path, CancellationToken.None));
        Assert.False(Directory.Exists(release.PartDirectory("web")));
    }

    [Fact]
    public void Failed_release_keeps_its_failure_and_cannot_be_modified()
    {
        var release = _store.Create("shop", [WebPlan]);
        var failure = new ReleaseFailure("web", "build", "npm run build", 2, "it broke");

        _store.Finish(release, [ReleasePart.From(WebPlan)], failure);

        var metadata = _store.ReadMetadata(release)!;
        Assert.Equal(ReleaseStatus.Failed, metadata.Status);
        Assert.Equal(failure, metadata.Failure);
        Assert.Throws<InvalidOperationException>(() => _store.EnsureBuilding(release));
    }

    [Fact]
    public void Latest_complete_skips_failed_and_building_releases()
    {
        var one = _store.Create("shop", [WebPlan]);
        _store.Finish(one, [], null);
        var two = _store.Create("shop", [WebPlan]);
        _store.Finish(two, [], new ReleaseFailure("web", null, null, null, "x"));
        _store.Create("shop", [WebPlan]);

        Assert.Equal(1, _store.LatestComplete("shop")!.Number);
        Assert.Equal([ReleaseStatus.Complete, ReleaseStatus.Failed, ReleaseStatus.Building], _store.List("shop").Select(m => m.Status));
        Assert.NotNull(_store.Find("shop", 2));
        Assert.Null(_store.Find("shop", 9));
    }

    [Fact]
    public void App_names_that_are_not_plain_directory_names_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => _store.Create("../escape", [WebPlan]));
    }

    public void Dispose() => _home.Dispose();
}
