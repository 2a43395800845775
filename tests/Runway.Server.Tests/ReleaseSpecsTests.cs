using System.Security.Cryptography;
using Runway.Config;
using Runway.Model;
using Runway.Server.Apps;
using Runway.State.Secrets;
using Runway.Tests.Shared;

namespace Runway.Server.Tests;

public sealed class ReleaseSpecsTests : IDisposable
{
    private readonly TempDirectory _home = new("runway-specs-");
    private readonly SecretVault _vault;

    public ReleaseSpecsTests() => _vault = SecretVault.OpenOrCreate(_home.Combine("secret.key"));

    private static AppSpec Spec()
    {
        var app = new TempDirectory("runway-specs-app-");
        try
        {
            app.Write("runway.toml", """
                name = "shop"
                [variables]
                STRIPE_KEY = "sk_live_app_secret"
                AWS_SECRET_ACCESS_KEY = "aws-backup-secret"
                [addons.db]
                type = "postgres"
                [addons.db.backups]
                schedule = "0 3 * * *"
                retain = "30d"
                s3 = { bucket = "backups", endpoint = "https://s3.example.com", prefix = "shop/" }
                [services.api]
                startCommand = "node server.js"
                [services.api.variables]
                DATABASE_PASSWORD = "service-secret"
                """);
            app.Write("package.json", """{ "name": "shop" }""");
            return AppLoader.Load(app.Path, new AppLoadOptions()).Spec ?? throw new InvalidOperationException("the test app does not load");
        }
        finally
        {
            app.Dispose();
        }
    }

    [Fact]
    public void The_stored_spec_holds_no_variable_value_and_reads_back_whole()
    {
        var spec = Spec();
        var specs = new ReleaseSpecs(_vault);

        var record = specs.Record(spec, 3, "/releases/shop/3", DateTimeOffset.UnixEpoch, "deploy");

        Assert.DoesNotContain("sk_live_app_secret", record.SpecJson, StringComparison.Ordinal);
        Assert.DoesNotContain("service-secret", record.SpecJson, StringComparison.Ordinal);
        Assert.DoesNotContain("aws-backup-secret", record.SpecJson, StringComparison.Ordinal);
        Assert.Contains("\"schedule\":\"0 3 * * *\"", record.SpecJson, StringComparison.Ordinal);
        Assert.DoesNotContain("service-secret", record.EncryptedEnvironment!, StringComparison.Ordinal);
        Assert.Equal(spec, specs.Read(record));
    }

    [Fact]
    public void Variables_stored_for_one_release_cannot_be_read_as_another()
    {
        var specs = new ReleaseSpecs(_vault);
        var record = specs.Record(Spec(), 3, "/releases/shop/3", DateTimeOffset.UnixEpoch, "deploy");

        Assert.ThrowsAny<CryptographicException>(() => specs.Read(record with { Number = 4 }));
    }

    public void Dispose()
    {
        _vault.Dispose();
        _home.Dispose();
    }
}
