using Runway.State.Tests.Support;

namespace Runway.State.Tests.Store;

public class InstanceRecordTests
{
    [Fact]
    public void Saved_instances_are_listed_per_app_or_all_with_every_field()
    {
        using var test = new TestStore();
        test.AddApp("shop");
        test.AddApp("blog");
        var web2 = Records.Instance("shop", "web.2", TestStore.Start);
        var web1 = new InstanceRecord("shop", "web.1", 3, null, null, null, "Starting", TestStore.Start.AddTicks(1));
        var blog = Records.Instance("blog", "worker.1", TestStore.Start);
        test.Store.SaveInstance(web2);
        test.Store.SaveInstance(web1);
        test.Store.SaveInstance(blog);

        Assert.Equal([web1, web2], test.Store.ListInstances("shop"));
        Assert.Equal([blog, web1, web2], test.Store.ListInstances());
        Assert.Empty(test.Store.ListInstances("none"));
    }

    [Fact]
    public void Saving_the_same_id_replaces_the_instance()
    {
        using var test = new TestStore();
        test.AddApp();
        test.Store.SaveInstance(Records.Instance("shop", "web.1", TestStore.Start) with { State = "Starting" });
        var healthy = Records.Instance("shop", "web.1", TestStore.Start) with { State = "Healthy", ProcessId = 99, Port = 40001 };

        test.Store.SaveInstance(healthy);

        Assert.Equal([healthy], test.Store.ListInstances("shop"));
    }

    [Fact]
    public void Removing_an_instance_removes_only_that_one()
    {
        using var test = new TestStore();
        test.AddApp();
        test.Store.SaveInstance(Records.Instance("shop", "web.1", TestStore.Start));
        test.Store.SaveInstance(Records.Instance("shop", "web.2", TestStore.Start));

        Assert.True(test.Store.RemoveInstance("shop", "web.1"));
        Assert.False(test.Store.RemoveInstance("shop", "web.1"));

        Assert.Equal(["web.2"], test.Store.ListInstances("shop").Select(i => i.Id));
    }
}
