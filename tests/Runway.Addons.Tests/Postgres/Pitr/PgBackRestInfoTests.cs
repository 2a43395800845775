using Runway.Addons.Postgres.Pitr;

namespace Runway.Addons.Tests.Postgres.Pitr;

public sealed class PgBackRestInfoTests
{
    /// <summary>As pgBackRest 2.45 prints it (on one line; wrapped here), trimmed to two backups.</summary>
    private const string Info = """
        [{"archive":[{"database":{"id":1,"repo-key":1},"id":"15-1","max":"000000010000000000000003","min":"000000010000000000000001"}],
        "backup":[{"archive":{"start":"000000010000000000000002","stop":"000000010000000000000002"},"backrest":{"format":5,"version":"2.45"},
        "database":{"id":1,"repo-key":1},"error":false,"info":{"delta":22993383,"repository":{"delta":4534683,"size":4534683},"size":22993383},
        "label":"20261122-050705F","lsn":{"start":"0/2000028","stop":"0/2000100"},"prior":null,"reference":null,"timestamp":{"start":1795324025,"stop":1795324028},"type":"full"},
        {"archive":{"start":"000000010000000000000005","stop":"000000010000000000000005"},"backrest":{"format":5,"version":"2.45"},
        "database":{"id":1,"repo-key":1},"error":false,"info":{"delta":8192,"repository":{"delta":1024,"size":4535707},"size":22993383},
        "label":"20261122-050705F_20261122-060000I","lsn":{"start":"0/5000028","stop":"0/5000100"},"prior":"20261122-050705F","reference":["20261122-050705F"],"timestamp":{"start":1795327200,"stop":1795327201},"type":"incr"}],
        "cipher":"none","db":[{"id":1,"repo-key":1,"system-id":7710857951179569351,"version":"15"}],"name":"runway","repo":[{"cipher":"none","key":1,"status":{"code":0,"message":"ok"}}],
        "status":{"code":0,"lock":{"backup":{"held":false}},"message":"ok"}}]
        """;

    [Fact]
    public void Backups_are_read_oldest_first_with_their_kind_times_and_sizes()
    {
        var backups = PgBackRestInfo.Backups(Info, "runway");

        Assert.Equal(2, backups.Count);
        var full = backups[0];
        Assert.Equal(new BaseBackup("20261122-050705F", BaseBackupKind.Full, DateTimeOffset.FromUnixTimeSeconds(1795324025), DateTimeOffset.FromUnixTimeSeconds(1795324028), 22993383, 4534683), full);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795324029), full.RecoverableFrom);
        Assert.Equal(BaseBackupKind.Incremental, backups[1].Kind);
        Assert.Equal(1024, backups[1].RepositoryBytes);
    }

    [Fact]
    public void A_stanza_without_backups_or_another_stanza_lists_none()
    {
        Assert.Empty(PgBackRestInfo.Backups("""[{"archive":[],"backup":[],"name":"runway","status":{"code":2,"message":"no valid backups"}}]""", "runway"));
        Assert.Empty(PgBackRestInfo.Backups(Info, "other"));
    }
}
