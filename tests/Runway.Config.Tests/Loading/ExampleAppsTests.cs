using Runway.Model;
using Runway.Tests.Shared;

namespace Runway.Config.Tests.Loading;

/// <summary>The example apps shipped in examples/ load without a diagnostic.</summary>
public class ExampleAppsTests
{
    public static TheoryData<string> Examples() => new(["fullstack", "node-api", "python-procfile", "static-site"]);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_loads_cleanly(string name)
    {
        var directory = Path.Combine(RepoPaths.Examples, name);
        if (!Directory.Exists(directory))
        {
            // The examples live on the main branch; a branch without them has nothing to check here.
            return;
        }

        var result = AppLoader.Load(directory, AppLoadOptions.Default);

        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Spec);
    }

    [Fact]
    public void Fullstack_has_an_api_a_worker_and_a_site()
    {
        var directory = Path.Combine(RepoPaths.Examples, "fullstack");
        if (!Directory.Exists(directory))
        {
            return;
        }

        var spec = AppLoader.Load(directory, AppLoadOptions.Default).Spec!;

        Assert.Equal(["api:Web", "worker:Worker"], spec.Services.Select(s => $"{s.Name}:{s.Kind}"));
        Assert.Equal("frontend", Assert.Single(spec.Sites).Name);
        Assert.Equal("frontend", spec.Entry);
        Assert.Equal(RestartPolicyKind.Always, spec.Services[1].Restart.Kind);
    }
}
