namespace Runway.Model;

/// <summary>How an add-on is backed up (runway.toml <c>[addons.NAME.backups]</c>). Every field is optional: without a
/// <see cref="Schedule"/> backups are taken on demand only (<c>runway db backup</c>), and retention and the S3 copy apply
/// to those too.</summary>
public sealed record AddonBackupSpec
{
    /// <summary>When scheduled backups run: a 5-field crontab (UTC), checked when read.</summary>
    public string? Schedule { get; init; }

    /// <summary>The age past which backups are deleted: a whole number of hours, days or weeks (<c>12h</c>, <c>30d</c>, <c>4w</c>).</summary>
    public string? Retain { get; init; }

    /// <summary>The most backups kept (at least 1); the newest one is always kept.</summary>
    public int? Keep { get; init; }

    /// <summary>Where each backup is also copied, or null for local backups only.</summary>
    public AddonBackupS3Spec? S3 { get; init; }

    /// <summary>When the newest backup is verified (restored into a scratch database): a 5-field crontab (UTC), or null.</summary>
    public string? Verify { get; init; }

    /// <summary>An http(s) URL that receives a JSON POST for each failed backup, upload or retention run.</summary>
    public string? AlertWebhook { get; init; }
}

/// <summary>An S3-compatible bucket for backup copies. The credentials are not written in runway.toml: they are read at
/// run time from the app's variables named here (stored encrypted with the release), else from Runway's own environment.</summary>
public sealed record AddonBackupS3Spec(string Bucket, string Endpoint)
{
    public const string DefaultRegion = "us-east-1";
    public const string DefaultAccessKeyVariable = "AWS_ACCESS_KEY_ID";
    public const string DefaultSecretKeyVariable = "AWS_SECRET_ACCESS_KEY";

    public string Region { get; init; } = DefaultRegion;

    /// <summary>Put before every object key (e.g. <c>runway/</c>); empty for the bucket's root.</summary>
    public string Prefix { get; init; } = "";

    public string AccessKeyVariable { get; init; } = DefaultAccessKeyVariable;

    public string SecretKeyVariable { get; init; } = DefaultSecretKeyVariable;
}
