using Runway.Addons.Backups;
using Runway.Model;
using Runway.Server.Backups;

namespace Runway.Server.Tests.Backups;

public sealed class AddonBackupPlanTests
{
    private static readonly AddonBackupS3Spec Bucket = new("backups", "http://127.0.0.1:9000");

    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Credentials_come_from_the_app_variables_first_then_from_runways_environment()
    {
        var spec = new AddonBackupSpec { S3 = Bucket with { Prefix = "runway/" } };
        var variables = new ValueMap([new("AWS_ACCESS_KEY_ID", "app-key"), new("AWS_SECRET_ACCESS_KEY", "app-secret")]);
        Func<string, string?> environment = name => name == "AWS_ACCESS_KEY_ID" ? "daemon-key" : name == "AWS_SECRET_ACCESS_KEY" ? "daemon-secret" : null;

        var fromApp = AddonBackupPlan.For(spec, variables, environment);
        var fromDaemon = AddonBackupPlan.For(spec, ValueMap.Empty, environment);

        Assert.Equal(new S3TargetOptions("backups", "http://127.0.0.1:9000", "us-east-1", "app-key", "app-secret", "runway/"), fromApp.S3);
        Assert.Equal(("daemon-key", "daemon-secret"), (fromDaemon.S3!.AccessKey, fromDaemon.S3.SecretKey));
        Assert.Null(fromApp.S3Problem);
    }

    [Fact]
    public void Variables_named_in_runway_toml_hold_the_credentials()
    {
        var spec = new AddonBackupSpec { S3 = Bucket with { AccessKeyVariable = "BACKUP_KEY", SecretKeyVariable = "BACKUP_SECRET" } };
        var variables = new ValueMap([new("BACKUP_KEY", "k"), new("BACKUP_SECRET", "s"), new("AWS_ACCESS_KEY_ID", "other")]);

        var plan = AddonBackupPlan.For(spec, variables, NoEnvironment);

        Assert.Equal(("k", "s"), (plan.S3!.AccessKey, plan.S3.SecretKey));
    }

    [Fact]
    public void A_missing_credential_is_named_and_no_copy_is_planned()
    {
        var spec = new AddonBackupSpec { S3 = Bucket };

        var one = AddonBackupPlan.For(spec, new ValueMap([new("AWS_ACCESS_KEY_ID", "k"), new("AWS_SECRET_ACCESS_KEY", "")]), NoEnvironment);
        var both = AddonBackupPlan.For(spec, ValueMap.Empty, NoEnvironment);

        Assert.Null(one.S3);
        Assert.Equal("AWS_SECRET_ACCESS_KEY is not set; set it in the app's variables (.env or [variables] in runway.toml) or in Runway's environment", one.S3Problem);
        Assert.StartsWith("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; set them", both.S3Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_follows_retain_and_keep_and_keeps_everything_without_them()
    {
        Assert.Equal(new RetentionPolicy(TimeSpan.FromDays(30), 5), AddonBackupPlan.For(new AddonBackupSpec { Retain = "30d", Keep = 5 }, ValueMap.Empty, NoEnvironment).Retention);
        Assert.Equal(RetentionPolicy.KeepAll, AddonBackupPlan.For(new AddonBackupSpec { Schedule = "0 3 * * *" }, ValueMap.Empty, NoEnvironment).Retention);
        Assert.Equal(RetentionPolicy.KeepAll, AddonBackupPlan.For(null, ValueMap.Empty, NoEnvironment).Retention);

        var invalid = AddonBackupPlan.For(new AddonBackupSpec { Retain = "soon" }, ValueMap.Empty, NoEnvironment);
        Assert.Equal(RetentionPolicy.KeepAll, invalid.Retention);
        Assert.StartsWith("retention is not applied, every backup is kept: \"soon\" is not a retention age", invalid.RetentionProblem, StringComparison.Ordinal);
    }
}
