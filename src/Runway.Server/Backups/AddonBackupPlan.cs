using Runway.Addons.Backups;
using Runway.Model;

namespace Runway.Server.Backups;

/// <summary>What one backup run of an add-on does after the backup, worked out from its <c>[addons.NAME.backups]</c>
/// and the credentials available now.</summary>
/// <param name="S3">Where the copy goes; null without an <c>s3</c> table or when <paramref name="S3Problem"/> says why not.</param>
/// <param name="S3Problem">Why a configured copy cannot be made (a missing credential, named), or null.</param>
/// <param name="RetentionProblem">Why the configured retention cannot be applied (everything is kept then), or null.</param>
internal sealed record AddonBackupPlan(RetentionPolicy Retention, S3TargetOptions? S3, string? S3Problem, string? RetentionProblem)
{
    /// <param name="appVariables">The app's variables in the running release (decrypted from the vault).</param>
    /// <param name="environment">Runway's own environment, asked for a credential the app does not set.</param>
    public static AddonBackupPlan For(AddonBackupSpec? spec, ValueMap appVariables, Func<string, string?> environment)
    {
        if (spec is null)
        {
            return new AddonBackupPlan(RetentionPolicy.KeepAll, null, null, null);
        }

        var retention = RetentionPolicy.KeepAll;
        string? retentionProblem = null;
        if (!RetentionPolicy.TryParse(spec.Retain, spec.Keep, out var parsed, out var error))
        {
            retentionProblem = $"retention is not applied, every backup is kept: {error}";
        }
        else
        {
            retention = parsed;
        }

        if (spec.S3 is not { } s3)
        {
            return new AddonBackupPlan(retention, null, null, retentionProblem);
        }

        // Credentials come from the app's own (encrypted) variables first, then from Runway's environment.
        string? Credential(string name) =>
            appVariables.TryGetValue(name, out var value) && value.Length > 0 ? value : environment(name) is { Length: > 0 } inherited ? inherited : null;

        var accessKey = Credential(s3.AccessKeyVariable);
        var secretKey = Credential(s3.SecretKeyVariable);
        var missing = new[] { (Name: s3.AccessKeyVariable, Value: accessKey), (Name: s3.SecretKeyVariable, Value: secretKey) }
            .Where(c => c.Value is null).Select(c => c.Name).ToList();
        if (missing.Count > 0 || accessKey is null || secretKey is null)
        {
            var names = string.Join(" and ", missing);
            return new AddonBackupPlan(retention, null,
                $"{names} {(missing.Count == 1 ? "is" : "are")} not set; set {(missing.Count == 1 ? "it" : "them")} in the app's variables (.env or [variables] in runway.toml) or in Runway's environment",
                retentionProblem);
        }

        var options = new S3TargetOptions(s3.Bucket, s3.Endpoint, s3.Region, accessKey, secretKey, s3.Prefix);
        return options.Problems() is { Count: > 0 } problems
            ? new AddonBackupPlan(retention, null, string.Join("; ", problems), retentionProblem)
            : new AddonBackupPlan(retention, options, null, retentionProblem);
    }
}
