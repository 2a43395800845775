using Runway.State.Tests.Support;

namespace Runway.State.Tests.Store;

public class EventRecordTests
{
    [Fact]
    public void An_added_event_is_stamped_now_with_an_increasing_id()
    {
        using var test = new TestStore();
        test.AddApp();

        var first = test.Store.AddEvent("shop", "deploy.started", "deploying v1");
        test.Clock.Advance(TimeSpan.FromMilliseconds(1.5));
        var second = test.Store.AddEvent("shop", "deploy.succeeded", "v1 is live");

        Assert.Equal(new EventRecord(first.Id, "shop", TestStore.Start, "deploy.started", "deploying v1"), first);
        Assert.Equal(TestStore.Start.AddMilliseconds(1.5), second.At);
        Assert.True(second.Id > first.Id);
        Assert.Equal([first, second], test.Store.ListEvents("shop"));
    }

    [Fact]
    public void Events_are_listed_oldest_first_after_the_given_id_up_to_the_limit()
    {
        using var test = new TestStore();
        test.AddApp("shop");
        test.AddApp("blog");
        var shop = Enumerable.Range(1, 5).Select(n => test.Store.AddEvent("shop", "note", $"shop {n}")).ToList();
        var blog = test.Store.AddEvent("blog", "note", "blog 1");

        Assert.Equal(["shop 3", "shop 4"], test.Store.ListEvents("shop", shop[1].Id, 2).Select(e => e.Message));
        Assert.Equal(["shop 5", "blog 1"], test.Store.ListEvents(null, shop[3].Id).Select(e => e.Message));
        Assert.Equal([blog], test.Store.ListEvents("blog"));
        Assert.Empty(test.Store.ListEvents("shop", blog.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.Store.ListEvents("shop", 0, 0));
    }

    [Fact]
    public void The_latest_events_are_the_newest_ones_in_time_order()
    {
        using var test = new TestStore();
        test.AddApp("shop");
        test.AddApp("blog");
        for (var n = 1; n <= 4; n++)
        {
            test.Store.AddEvent("shop", "note", $"shop {n}");
        }

        test.Store.AddEvent("blog", "note", "blog 1");

        Assert.Equal(["shop 3", "shop 4"], test.Store.ListLatestEvents("shop", 2).Select(e => e.Message));
        Assert.Equal(["shop 4", "blog 1"], test.Store.ListLatestEvents(null, 2).Select(e => e.Message));
    }

    [Fact]
    public void Ids_are_not_reused_after_the_newest_events_are_deleted()
    {
        using var test = new TestStore();
        test.AddApp("shop");
        var old = test.Store.AddEvent("shop", "note", "before");
        test.Store.DeleteApp("shop");
        test.AddApp("shop");

        var next = test.Store.AddEvent("shop", "note", "after");

        Assert.True(next.Id > old.Id);
    }

    [Fact]
    public void Events_added_from_many_threads_are_all_stored_with_unique_ids()
    {
        using var test = new TestStore();
        test.AddApp("shop");
        test.AddApp("blog");
        const int Threads = 8;
        const int PerThread = 50;
        var returned = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var start = new Barrier(Threads);

        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var n = 0; n < PerThread; n++)
            {
                var app = t % 2 == 0 ? "shop" : "blog";
                returned.Add(test.Store.AddEvent(app, "note", $"{t}:{n}").Id);
                test.Store.SaveInstance(Records.Instance(app, $"web.{t}", TestStore.Start));
                _ = test.Store.ListInstances();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var stored = test.Store.ListEvents(null, 0, Threads * PerThread + 1);
        Assert.Equal(Threads * PerThread, stored.Count);
        Assert.Equal(stored.Select(e => e.Id).Order(), stored.Select(e => e.Id));
        Assert.Equal(Threads * PerThread, stored.Select(e => e.Id).Distinct().Count());
        Assert.Equal(returned.Order(), stored.Select(e => e.Id));
        Assert.Equal(Threads * PerThread, stored.Select(e => e.Message).Distinct().Count());
        Assert.Equal(Threads, test.Store.ListInstances().Count);
    }
}
