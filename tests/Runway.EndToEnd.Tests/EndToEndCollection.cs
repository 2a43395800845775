namespace Runway.EndToEnd.Tests;

/// <summary>End-to-end tests run one at a time: each builds and runs a whole app on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
