namespace Runway.Server.Progress;

/// <summary>An <see cref="IProgress{T}"/> that handles each report at once on the reporting thread, keeping lines in order
/// (<see cref="Progress{T}"/> posts them to the thread pool, where they may reorder).</summary>
internal sealed class OrderedProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
