using Runway.Model;

namespace Runway.Build.Planning;

/// <summary>A build phase with its final commands, after provider defaults and "..." splicing.</summary>
public sealed record PlannedPhase(string Name, ValueList<string> Commands);
