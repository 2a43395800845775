using Runway.Build.Planning;
using Runway.Model;

namespace Runway.Server.Preparation;

/// <summary>The environment an instance of a built service runs with.</summary>
internal static class RunEnvironment
{
    /// <summary>The provider's run-time defaults (e.g. NODE_ENV=production) under the instance's planned environment,
    /// with the provider's PATH prefixes (a Python venv's bin) put first, plus Runway's own descriptive variables.</summary>
    public static ValueMap For(BuiltPart part, AppSpec app, string service, ValueMap planned)
    {
        var descriptive = new Dictionary<string, string>
        {
            ["RUNWAY_APP"] = app.Name,
            ["RUNWAY_SERVICE"] = service,
            ["RUNWAY_ENVIRONMENT"] = app.Environment,
        };
        // Not the plan's run environment: that lays the plan's unresolved variables over the planner's resolved ones.
        return BuildPlan.PrependPaths(part.Directory, part.PathPrefixes, new ValueMap(descriptive).With(part.ProviderRunEnvironment).With(planned));
    }
}
