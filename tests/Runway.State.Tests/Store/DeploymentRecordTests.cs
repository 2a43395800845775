using Runway.State.Tests.Support;

namespace Runway.State.Tests.Store;

public class DeploymentRecordTests
{
    [Fact]
    public void A_started_deployment_is_running_since_now()
    {
        using var test = new TestStore();
        test.AddApp();

        var started = test.Store.StartDeployment("shop", 4, "rollback");

        Assert.Equal(new DeploymentRecord(started.Id, "shop", 4, "rollback", DeploymentStatus.Running, TestStore.Start, null, null), started);
        Assert.Equal(started, test.Store.FindDeployment(started.Id));
    }

    [Fact]
    public void Finishing_a_deployment_records_its_status_message_and_time()
    {
        using var test = new TestStore();
        test.AddApp();
        var started = test.Store.StartDeployment("shop", 4, "deploy");
        test.Clock.Advance(TimeSpan.FromSeconds(42));

        test.Store.FinishDeployment(started.Id, DeploymentStatus.RolledBack, "web.1 failed its health check");

        Assert.Equal(
            started with { Status = DeploymentStatus.RolledBack, FinishedAt = TestStore.Start.AddSeconds(42), Message = "web.1 failed its health check" },
            test.Store.FindDeployment(started.Id));
    }

    [Fact]
    public void Finishing_twice_an_unknown_id_or_as_running_is_an_error()
    {
        using var test = new TestStore();
        test.AddApp();
        var started = test.Store.StartDeployment("shop", 1, "deploy");
        test.Store.FinishDeployment(started.Id, DeploymentStatus.Succeeded, "all healthy");

        var twice = Assert.Throws<InvalidOperationException>(() => test.Store.FinishDeployment(started.Id, DeploymentStatus.Failed, "again"));
        Assert.Equal($"deployment {started.Id} of app \"shop\" already finished as Succeeded", twice.Message);
        Assert.Throws<KeyNotFoundException>(() => test.Store.FinishDeployment(started.Id + 100, DeploymentStatus.Failed, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.Store.FinishDeployment(started.Id, DeploymentStatus.Running, "x"));
        Assert.Equal(DeploymentStatus.Succeeded, test.Store.FindDeployment(started.Id)!.Status);
    }

    [Fact]
    public void Deployments_are_listed_newest_first_up_to_the_limit()
    {
        using var test = new TestStore();
        test.AddApp("shop");
        test.AddApp("blog");
        var ids = Enumerable.Range(1, 5).Select(n => test.Store.StartDeployment("shop", n, "deploy").Id).ToList();
        test.Store.StartDeployment("blog", 1, "deploy");

        Assert.Equal([ids[4], ids[3], ids[2]], test.Store.ListDeployments("shop", 3).Select(d => d.Id));
        Assert.Equal([5, 4, 3, 2, 1], test.Store.ListDeployments("shop", 100).Select(d => d.Release));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.Store.ListDeployments("shop", 0));
    }

    [Fact]
    public void Deployments_left_running_by_a_crash_are_listed_after_reopening()
    {
        using var test = new TestStore();
        test.AddApp("shop");
        test.AddApp("blog");
        var finished = test.Store.StartDeployment("shop", 1, "deploy");
        test.Store.FinishDeployment(finished.Id, DeploymentStatus.Succeeded, "ok");
        var shop = test.Store.StartDeployment("shop", 2, "deploy");
        var blog = test.Store.StartDeployment("blog", 1, "scale");

        var store = test.Reopen();

        Assert.Equal([shop, blog], store.ListUnfinishedDeployments());
    }
}
