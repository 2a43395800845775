namespace Runway.Edge.Tests.Support;

/// <summary>A <see cref="Random"/> that returns the given numbers in order (each taken modulo the requested bound), then 0.</summary>
internal sealed class ScriptedRandom(params int[] values) : Random
{
    private readonly Queue<int> _values = new(values);

    public override int Next(int maxValue) => _values.TryDequeue(out var value) ? value % maxValue : 0;
}
