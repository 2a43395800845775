using Runway.State.Tests.Support;

namespace Runway.State.Tests.Store;

public class AppRecordTests
{
    [Fact]
    public void A_saved_app_is_found_by_name_with_every_field()
    {
        using var test = new TestStore();
        var app = new AppRecord("shop", "/srv/shop", "staging", AppDesiredState.Stopped, 7, 6)
        {
            Scale = new ScaleOverrides([new("web", 3), new("worker", 0)]),
        };

        test.Store.SaveApp(app);

        Assert.Equal(app, test.Store.FindApp("shop"));
        Assert.Null(test.Store.FindApp("other"));
    }

    [Fact]
    public void Apps_are_listed_by_name()
    {
        using var test = new TestStore();
        test.AddApp("zeta");
        test.AddApp("alpha");
        test.AddApp("mid");

        Assert.Equal(["alpha", "mid", "zeta"], test.Store.ListApps().Select(a => a.Name));
    }

    [Fact]
    public void Saving_an_app_again_replaces_it_and_keeps_its_releases_and_history()
    {
        using var test = new TestStore();
        var app = test.AddApp();
        test.Store.SaveRelease(Records.Release("shop", 1, TestStore.Start));
        test.Store.AddEvent("shop", "deploy.started", "v1");

        var updated = app with { CurrentRelease = 1, Desired = AppDesiredState.Stopped, Scale = ScaleOverrides.Empty.With("web", 2) };
        test.Store.SaveApp(updated);

        Assert.Equal(updated, test.Store.FindApp("shop"));
        Assert.Single(test.Store.ListApps());
        Assert.Single(test.Store.ListReleases("shop"));
        Assert.Single(test.Store.ListEvents("shop"));
    }

    [Fact]
    public void Deleting_an_app_removes_its_releases_deployments_instances_and_events_only()
    {
        using var test = new TestStore();
        foreach (var name in new[] { "shop", "blog" })
        {
            test.AddApp(name);
            test.Store.SaveRelease(Records.Release(name, 1, TestStore.Start));
            test.Store.StartDeployment(name, 1, "deploy");
            test.Store.SaveInstance(Records.Instance(name, "web.1", TestStore.Start));
            test.Store.AddEvent(name, "deploy.started", "v1");
        }

        Assert.True(test.Store.DeleteApp("shop"));
        Assert.False(test.Store.DeleteApp("shop"));

        Assert.Null(test.Store.FindApp("shop"));
        Assert.Empty(test.Store.ListReleases("shop"));
        Assert.Empty(test.Store.ListDeployments("shop", 10));
        Assert.Empty(test.Store.ListInstances("shop"));
        Assert.Empty(test.Store.ListEvents("shop"));
        Assert.Equal(["blog"], test.Store.ListUnfinishedDeployments().Select(d => d.App));

        // Saving the name again starts from nothing: no row of the old app comes back.
        test.AddApp("shop");
        Assert.Empty(test.Store.ListReleases("shop"));
        Assert.Empty(test.Store.ListEvents("shop"));

        Assert.Single(test.Store.ListReleases("blog"));
        Assert.Single(test.Store.ListDeployments("blog", 10));
        Assert.Single(test.Store.ListInstances("blog"));
        Assert.Single(test.Store.ListEvents("blog"));
    }

    [Fact]
    public void Records_of_an_app_that_is_not_saved_are_refused_with_a_clear_error()
    {
        using var test = new TestStore();

        var error = Assert.Throws<InvalidOperationException>(() => test.Store.AddEvent("ghost", "deploy.started", "v1"));
        Assert.Equal("cannot record an event for app \"ghost\": no such app is saved; call SaveApp first", error.Message);
        Assert.Throws<InvalidOperationException>(() => test.Store.SaveRelease(Records.Release("ghost", 1, TestStore.Start)));
        Assert.Throws<InvalidOperationException>(() => test.Store.StartDeployment("ghost", 1, "deploy"));
        Assert.Throws<InvalidOperationException>(() => test.Store.SaveInstance(Records.Instance("ghost", "web.1", TestStore.Start)));
    }

    [Fact]
    public void Scale_overrides_compare_by_value_and_refuse_negative_counts()
    {
        var a = new ScaleOverrides([new("worker", 1), new("web", 3)]);
        var b = ScaleOverrides.Empty.With("web", 3).With("worker", 1);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(["web", "worker"], a.Keys);
        Assert.Equal("web=3", a.Without("worker").ToString());
        Assert.Equal(Records.App() with { Scale = a }, Records.App() with { Scale = b });
        Assert.NotEqual(Records.App() with { Scale = a }, Records.App());
        Assert.Equal(ScaleOverrides.Empty, default);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleOverrides.Empty.With("web", -1));
    }
}
