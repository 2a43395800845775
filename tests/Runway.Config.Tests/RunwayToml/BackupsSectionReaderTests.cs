using Runway.Config.Documents;
using Runway.Config.RunwayToml;
using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.RunwayToml;

public class BackupsSectionReaderTests
{
    private static (RunwayConfig? Config, DiagnosticBag Diagnostics) Read(string text)
    {
        var diagnostics = new DiagnosticBag();
        return (RunwayConfigReader.Parse(text, "runway.toml", diagnostics), diagnostics);
    }

    /// <summary>The diagnostics of <c>[addons.db]</c> (postgres) with <paramref name="backups"/> as its backups table,
    /// which starts on line 3.</summary>
    private static List<string> LinesOf(string backups) =>
        Read("[addons.db]\ntype = \"postgres\"\n[addons.db.backups]\n" + backups).Diagnostics.Lines();

    private static AddonBackupSpec? SpecOf(string backups)
    {
        var (config, diagnostics) = Read("[addons.db]\ntype = \"postgres\"\n[addons.db.backups]\n" + backups);
        Assert.Empty(diagnostics.Lines());
        return config!.Addons.Single().Spec.Backups;
    }

    [Fact]
    public void Reads_every_field_with_an_inline_s3_table()
    {
        var spec = SpecOf("""
            schedule = "0 3 * * *"
            retain = "30d"
            keep = 10
            s3 = { bucket = "backups", endpoint = "https://s3.eu-west-1.amazonaws.com", region = "eu-west-1", prefix = "runway/", access_key_variable = "BACKUP_KEY", secret_key_variable = "BACKUP_SECRET" }
            verify = "30 4 * * sun"
            alert_webhook = "https://hooks.example.com/runway"
            """);

        Assert.Equal(
            new AddonBackupSpec
            {
                Schedule = "0 3 * * *",
                Retain = "30d",
                Keep = 10,
                S3 = new AddonBackupS3Spec("backups", "https://s3.eu-west-1.amazonaws.com")
                {
                    Region = "eu-west-1",
                    Prefix = "runway/",
                    AccessKeyVariable = "BACKUP_KEY",
                    SecretKeyVariable = "BACKUP_SECRET",
                },
                Verify = "30 4 * * sun",
                AlertWebhook = "https://hooks.example.com/runway",
            },
            spec);
    }

    [Fact]
    public void S3_as_its_own_table_defaults_the_region_and_the_credential_variables()
    {
        var spec = SpecOf("""
            retain = "12h"
            [addons.db.backups.s3]
            bucket = "backups"
            endpoint = "http://127.0.0.1:9000"
            """)!;

        Assert.Null(spec.Schedule);
        Assert.Equal(new AddonBackupS3Spec("backups", "http://127.0.0.1:9000"), spec.S3);
        Assert.Equal(("us-east-1", "", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), (spec.S3!.Region, spec.S3.Prefix, spec.S3.AccessKeyVariable, spec.S3.SecretKeyVariable));
    }

    [Fact]
    public void The_backups_table_is_not_an_add_on_setting_and_specs_compare_by_value()
    {
        var (first, _) = Read("[addons.cache]\ntype = \"redis\"\nmaxmemory = \"32mb\"\n[addons.cache.backups]\nschedule = \"0 * * * *\"\nkeep = 3");
        var (same, _) = Read("[addons.cache]\ntype = \"redis\"\nmaxmemory = \"32mb\"\n[addons.cache.backups]\nkeep = 3\nschedule = \"0 * * * *\"");
        var (other, _) = Read("[addons.cache]\ntype = \"redis\"\nmaxmemory = \"32mb\"\n[addons.cache.backups]\nschedule = \"0 * * * *\"\nkeep = 4");

        var spec = first!.Addons.Single().Spec;
        Assert.Equal(new ValueMap([new("maxmemory", "32mb")]), spec.Settings);
        Assert.Equal(spec, same!.Addons.Single().Spec);
        Assert.NotEqual(spec, other!.Addons.Single().Spec);
        Assert.Null(Read("[addons.cache]\ntype = \"redis\"").Config!.Addons.Single().Spec.Backups);
    }

    [Theory]
    [InlineData("schedule = \"0 3 * *\"",
        "runway.toml:4:12: error: addons.db.backups.schedule \"0 3 * *\" has 4 fields; expected 5 (minute hour day-of-month month day-of-week); for example \"0 3 * * *\" runs every day at 03:00 UTC")]
    [InlineData("schedule = \"0 25 * * *\"",
        "runway.toml:4:12: error: addons.db.backups.schedule \"0 25 * * *\" has an invalid hour field \"25\" (allowed: *, 0-23, ranges a-b, steps /n, lists a,b); for example \"0 3 * * *\" runs every day at 03:00 UTC")]
    [InlineData("schedule = \"0 0 30 2 *\"",
        "runway.toml:4:12: error: addons.db.backups.schedule \"0 0 30 2 *\" never runs (no such date); for example \"0 3 * * *\" runs every day at 03:00 UTC")]
    [InlineData("verify = \"daily\"",
        "runway.toml:4:10: error: addons.db.backups.verify \"daily\" has 1 field; expected 5 (minute hour day-of-month month day-of-week); for example \"0 3 * * *\" runs every day at 03:00 UTC")]
    [InlineData("retain = \"30 days\"",
        "runway.toml:4:10: error: addons.db.backups.retain must be a whole number of hours, days or weeks above zero, such as \"12h\", \"30d\" or \"4w\" (got \"30 days\")")]
    [InlineData("retain = 30",
        "runway.toml:4:10: error: addons.db.backups.retain must be a whole number of hours, days or weeks above zero, such as \"12h\", \"30d\" or \"4w\" (got 30)")]
    [InlineData("retain = \"0d\"",
        "runway.toml:4:10: error: addons.db.backups.retain must be a whole number of hours, days or weeks above zero, such as \"12h\", \"30d\" or \"4w\" (got \"0d\")")]
    [InlineData("keep = 0", "runway.toml:4:8: error: addons.db.backups.keep must be at least 1 (got 0)")]
    [InlineData("s3 = { endpoint = \"https://s3.amazonaws.com\" }",
        "runway.toml:4:1: error: addons.db.backups.s3 needs a bucket: the name of an existing bucket, for example s3 = { bucket = \"backups\", endpoint = \"https://s3.us-east-1.amazonaws.com\" }")]
    [InlineData("s3 = { bucket = \"b\" }",
        "runway.toml:4:1: error: addons.db.backups.s3 needs an endpoint: the http:// or https:// URL of the S3 service, for example endpoint = \"https://s3.us-east-1.amazonaws.com\"")]
    [InlineData("s3 = { bucket = \"b\", endpoint = \"s3.amazonaws.com\" }",
        "runway.toml:4:33: error: addons.db.backups.s3.endpoint must be an http:// or https:// URL such as \"https://s3.us-east-1.amazonaws.com\" (got \"s3.amazonaws.com\")")]
    [InlineData("s3 = { bucket = \"b\", endpoint = \"ftp://files.example.com\" }",
        "runway.toml:4:33: error: addons.db.backups.s3.endpoint must be an http:// or https:// URL such as \"https://s3.us-east-1.amazonaws.com\" (got \"ftp://files.example.com\")")]
    [InlineData("s3 = { bucket = \"b\", endpoint = \"http://127.0.0.1:9000\", access_key_variable = \"AWS KEY\" }",
        "runway.toml:4:80: error: addons.db.backups.s3.access_key_variable must be the name of a variable that holds the key (letters, digits and _, not starting with a digit), such as \"AWS_ACCESS_KEY_ID\" (got \"AWS KEY\")")]
    [InlineData("alert_webhook = \"mailto:ops@example.com\"",
        "runway.toml:4:17: error: addons.db.backups.alert_webhook must be an http:// or https:// URL such as \"https://hooks.example.com/runway\" (got \"mailto:ops@example.com\")")]
    [InlineData("s3 = \"s3://bucket\"", "runway.toml:4:6: error: addons.db.backups.s3 must be a table (got \"s3://bucket\")")]
    public void Invalid_values_are_errors_at_their_place(string backups, string expected)
    {
        Assert.Equal([expected], LinesOf(backups));
    }

    [Fact]
    public void A_backups_value_that_is_not_a_table_is_an_error()
    {
        var (_, diagnostics) = Read("[addons.db]\ntype = \"postgres\"\nbackups = true");

        Assert.Equal(["runway.toml:3:11: error: addons.db.backups must be a table (got true)"], diagnostics.Lines());
    }

    [Fact]
    public void Unknown_keys_are_warnings_with_a_suggestion()
    {
        var lines = LinesOf("schedule = \"0 3 * * *\"\nretains = \"30d\"\ns3 = { bucket = \"b\", endpoint = \"http://127.0.0.1:9000\", secret_key = \"x\" }");

        Assert.Equal(
        [
            "runway.toml:6:58: warning: unknown field addons.db.backups.s3.secret_key; it is ignored",
            "runway.toml:5:1: warning: unknown field addons.db.backups.retains (did you mean retain?); it is ignored",
        ], lines);
    }
}
