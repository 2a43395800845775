namespace Runway.Addons;

/// <summary>The managed backing services Runway provisions for an app (runway.toml <c>[addons.NAME] type</c>).</summary>
public enum AddonKind
{
    Postgres,
    Redis,
}
