namespace Runway.Model;

public enum AddonKind
{
    Postgres,
    Redis,
}

/// <summary>A managed backing service declared in runway.toml (<c>[addons.NAME]</c>).</summary>
/// <param name="Settings">The remaining keys of the add-on's table, as strings.</param>
public sealed record AddonSpec(string Name, AddonKind Kind, ValueMap Settings)
{
    /// <summary>Scheduled backups, retention and S3 copies (<c>[addons.NAME.backups]</c>); null when not configured.</summary>
    public AddonBackupSpec? Backups { get; init; }
}
