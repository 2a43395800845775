using Runway.Tests.Shared;

namespace Runway.State.Tests.Support;

/// <summary>A <see cref="StateStore"/> on a fresh file in a temporary directory, with a manual clock.</summary>
internal sealed class TestStore : IDisposable
{
    // An odd number of ticks, so a time that lost precision on the way through the database would show.
    public static readonly DateTimeOffset Start = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567);

    private readonly TempDirectory _directory = new("runway-state-");

    public TestStore()
    {
        Store = StateStore.Open(DatabasePath, Clock);
    }

    public ManualClock Clock { get; } = new(Start);

    public StateStore Store { get; private set; }

    public string DatabasePath => _directory.Combine("home", "state.db");

    public TempDirectory Directory => _directory;

    /// <summary>Closes the store and opens the same file again, as a daemon restart does.</summary>
    public StateStore Reopen()
    {
        Store.Dispose();
        Store = StateStore.Open(DatabasePath, Clock);
        return Store;
    }

    /// <summary>Saves an app with defaults and returns it.</summary>
    public AppRecord AddApp(string name = "shop") => Records.App(name).Also(Store.SaveApp);

    public void Dispose()
    {
        Store.Dispose();
        _directory.Dispose();
    }
}

/// <summary>Sample records for tests.</summary>
internal static class Records
{
    public static AppRecord App(string name = "shop") => new(name, "/srv/src/" + name, "production", AppDesiredState.Running, null, null);

    public static ReleaseRecord Release(string app, int number, DateTimeOffset createdAt) =>
        new(app, number, createdAt, $"/home/runway/releases/{app}/{number}", "{\"name\":\"" + app + "\"}", ReleaseStatus.Built);

    public static InstanceRecord Instance(string app, string id, DateTimeOffset startedAt) =>
        new(app, id, 1, 4242, 987654321, 41000, "Healthy", startedAt);

    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
