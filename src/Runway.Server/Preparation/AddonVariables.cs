using Runway.Model;

namespace Runway.Server.Preparation;

/// <summary>Every service sees its app's add-ons as Railway and Heroku publish them: the (first) PostgreSQL add-on's
/// <c>DATABASE_URL</c> and <c>PG*</c> variables and the (first) Redis add-on's <c>REDIS_URL</c>, unless the app sets them
/// itself. Any add-on's variables can also be named: <c>${{ db.DATABASE_URL }}</c>.</summary>
internal static class AddonVariables
{
    public static AppSpec WithDefaults(AppSpec app, IReadOnlyDictionary<string, ValueMap> published)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in new[] { AddonKind.Postgres, AddonKind.Redis })
        {
            var first = app.Addons.FirstOrDefault(a => a.Kind == kind);
            if (first is not null && published.TryGetValue(first.Name, out var variables))
            {
                foreach (var (name, value) in variables)
                {
                    defaults.TryAdd(name, value);
                }
            }
        }

        return defaults.Count == 0 ? app : app with { Variables = new ValueMap(defaults).With(app.Variables) };
    }
}
