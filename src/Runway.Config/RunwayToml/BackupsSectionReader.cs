using System.Globalization;
using System.Text.RegularExpressions;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.RunwayToml;

/// <summary>Reads an add-on's <c>backups</c> table: <c>schedule</c> and <c>verify</c> (crontabs, UTC), retention
/// (<c>retain</c> age, <c>keep</c> count), the <c>s3</c> copy and <c>alert_webhook</c>. Each value is checked at its place;
/// unknown keys are warnings.</summary>
internal static partial class BackupsSectionReader
{
    public const string Key = "backups";

    public static readonly string[] Fields = ["schedule", "retain", "keep", "s3", "verify", "alert_webhook"];

    public static readonly string[] S3Fields = ["bucket", "endpoint", "region", "prefix", "access_key_variable", "secret_key_variable"];

    private const int MostAgeUnits = 5200; // as RetentionPolicy.TryParseAge in Runway.Addons: 100 years of weeks

    /// <summary>The add-on's backups table; null when it has none (or it is not a table, which is an error).</summary>
    public static AddonBackupSpec? Read(ObjectReader addon)
    {
        var table = addon.Table(Key, Fields);
        if (table is null)
        {
            return null;
        }

        var spec = new AddonBackupSpec
        {
            Schedule = Cron(table, "schedule"),
            Retain = Age(table, "retain"),
            Keep = table.Integer("keep", minimum: 1),
            S3 = ReadS3(table),
            Verify = Cron(table, "verify"),
            AlertWebhook = HttpUrl(table, "alert_webhook", "https://hooks.example.com/runway"),
        };
        table.ReportUnknownFields();
        return spec;
    }

    private static AddonBackupS3Spec? ReadS3(ObjectReader backups)
    {
        var table = backups.Table("s3", S3Fields);
        if (table is null)
        {
            return null;
        }

        var at = backups.Node.Property("s3")!.KeyLocation;
        var bucket = table.String("bucket");
        var endpoint = HttpUrl(table, "endpoint", "https://s3.us-east-1.amazonaws.com");
        var region = table.String("region");
        var prefix = table.String("prefix");
        var accessKey = VariableName(table, "access_key_variable");
        var secretKey = VariableName(table, "secret_key_variable");
        if (table.Value("bucket") is null || bucket is { Length: 0 })
        {
            backups.Diagnostics.Error(table.Value("bucket")?.Location ?? at,
                $"{table.Path} needs a bucket: the name of an existing bucket, for example s3 = {{ bucket = \"backups\", endpoint = \"https://s3.us-east-1.amazonaws.com\" }}");
        }

        if (table.Value("endpoint") is null)
        {
            backups.Diagnostics.Error(at,
                $"{table.Path} needs an endpoint: the http:// or https:// URL of the S3 service, for example endpoint = \"https://s3.us-east-1.amazonaws.com\"");
        }

        if (region is { Length: 0 })
        {
            table.Invalid<string>("region", table.Value("region")!, $"the bucket's region, for example \"{AddonBackupS3Spec.DefaultRegion}\" (the default)");
        }

        table.ReportUnknownFields();
        if (string.IsNullOrEmpty(bucket) || endpoint is null)
        {
            return null;
        }

        return new AddonBackupS3Spec(bucket, endpoint)
        {
            Region = string.IsNullOrEmpty(region) ? AddonBackupS3Spec.DefaultRegion : region,
            Prefix = prefix ?? "",
            AccessKeyVariable = accessKey ?? AddonBackupS3Spec.DefaultAccessKeyVariable,
            SecretKeyVariable = secretKey ?? AddonBackupS3Spec.DefaultSecretKeyVariable,
        };
    }

    /// <summary>A 5-field crontab evaluated in UTC, as Railway's <c>cronSchedule</c>.</summary>
    private static string? Cron(ObjectReader table, string key)
    {
        if (table.String(key) is not { } text)
        {
            return null;
        }

        var location = table.Value(key)!.Location;
        if (!CronSchedule.TryParse(text, out var cron, out var problem))
        {
            table.Diagnostics.Error(location, $"{table.FieldPath(key)} \"{text}\" {problem}; for example \"0 3 * * *\" runs every day at 03:00 UTC");
            return null;
        }

        if (cron.Next(DateTimeOffset.UnixEpoch) is null)
        {
            table.Diagnostics.Error(location, $"{table.FieldPath(key)} \"{text}\" never runs (no such date); for example \"0 3 * * *\" runs every day at 03:00 UTC");
            return null;
        }

        return cron.Text;
    }

    private static string? Age(ObjectReader table, string key)
    {
        var value = table.Value(key);
        if (value is null)
        {
            return null;
        }

        var match = value.Kind == ConfigNodeKind.String ? AgeText().Match(value.Text.Trim()) : Match.Empty;
        return match.Success && int.TryParse(match.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MostAgeUnits
            ? value.Text.Trim()
            : table.Invalid<string>(key, value, "a whole number of hours, days or weeks above zero, such as \"12h\", \"30d\" or \"4w\"");
    }

    private static string? HttpUrl(ObjectReader table, string key, string example)
    {
        if (table.String(key) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? text
            : table.Invalid<string>(key, table.Value(key)!, $"an http:// or https:// URL such as \"{example}\"");
    }

    private static string? VariableName(ObjectReader table, string key)
    {
        if (table.String(key) is not { } text)
        {
            return null;
        }

        return VariableNameText().IsMatch(text)
            ? text
            : table.Invalid<string>(key, table.Value(key)!, "the name of a variable that holds the key (letters, digits and _, not starting with a digit), such as \"AWS_ACCESS_KEY_ID\"");
    }

    [GeneratedRegex(@"^(?<count>[0-9]+)[hdwHDW]$", RegexOptions.CultureInvariant)]
    private static partial Regex AgeText();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableNameText();
}
