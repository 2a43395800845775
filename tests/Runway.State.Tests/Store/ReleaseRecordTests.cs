using Runway.State.Tests.Support;

namespace Runway.State.Tests.Store;

public class ReleaseRecordTests
{
    [Fact]
    public void A_saved_release_is_found_with_every_field_and_its_time_to_the_tick()
    {
        using var test = new TestStore();
        test.AddApp();
        var createdInParis = new DateTimeOffset(2025, 6, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(9999);
        var release = Records.Release("shop", 3, createdInParis) with
        {
            Status = ReleaseStatus.Failed,
            Description = "git 1a2b3c: fix checkout",
            EncryptedEnvironment = "v1:AAAA",
        };

        test.Store.SaveRelease(release);

        var found = test.Store.FindRelease("shop", 3);
        Assert.Equal(release, found);
        Assert.Equal(createdInParis.UtcTicks, found!.CreatedAt.UtcTicks);
        Assert.Null(test.Store.FindRelease("shop", 4));
        Assert.Null(test.Store.FindRelease("other", 3));
    }

    [Fact]
    public void Releases_are_listed_newest_first_and_per_app()
    {
        using var test = new TestStore();
        test.AddApp("shop");
        test.AddApp("blog");
        foreach (var number in new[] { 2, 10, 1 })
        {
            test.Store.SaveRelease(Records.Release("shop", number, TestStore.Start));
        }

        test.Store.SaveRelease(Records.Release("blog", 5, TestStore.Start));

        Assert.Equal([10, 2, 1], test.Store.ListReleases("shop").Select(r => r.Number));
        Assert.Equal([5], test.Store.ListReleases("blog").Select(r => r.Number));
    }

    [Fact]
    public void Saving_the_same_number_replaces_the_release()
    {
        using var test = new TestStore();
        test.AddApp();
        test.Store.SaveRelease(Records.Release("shop", 1, TestStore.Start) with { Description = "first" });
        var replaced = Records.Release("shop", 1, TestStore.Start.AddMinutes(1)) with { Status = ReleaseStatus.Failed };

        test.Store.SaveRelease(replaced);

        Assert.Equal([replaced], test.Store.ListReleases("shop"));
    }

    [Fact]
    public void Deleting_a_release_removes_only_that_one()
    {
        using var test = new TestStore();
        test.AddApp();
        test.Store.SaveRelease(Records.Release("shop", 1, TestStore.Start));
        test.Store.SaveRelease(Records.Release("shop", 2, TestStore.Start));

        Assert.True(test.Store.DeleteRelease("shop", 1));
        Assert.False(test.Store.DeleteRelease("shop", 1));

        Assert.Equal([2], test.Store.ListReleases("shop").Select(r => r.Number));
    }

    [Fact]
    public void A_release_number_below_one_is_refused()
    {
        using var test = new TestStore();
        test.AddApp();

        Assert.Throws<ArgumentOutOfRangeException>(() => test.Store.SaveRelease(Records.Release("shop", 0, TestStore.Start)));
    }
}
