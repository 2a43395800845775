using System.Text.Json;

namespace Runway.Addons.Postgres;

/// <summary>One provisioned database: PostgreSQL keeps only a verifier of the role's password, so Runway keeps the password itself.</summary>
internal sealed record StoredDatabase(string App, string Environment, string Database, string Role, string Password);

/// <summary>Everything Runway must remember about a cluster across restarts.</summary>
internal sealed record StoredCluster(int Port, string SuperuserPassword, IReadOnlyList<StoredDatabase> Databases)
{
    public StoredDatabase? Find(string app, string environment) =>
        Databases.FirstOrDefault(d => d.App == app && d.Environment == environment);

    public StoredCluster With(StoredDatabase database) =>
        this with { Databases = [.. Databases.Where(d => !(d.App == database.App && d.Environment == database.Environment)), database] };

    public StoredCluster Without(string app, string environment) =>
        this with { Databases = [.. Databases.Where(d => !(d.App == app && d.Environment == environment))] };
}

/// <summary>The cluster's credentials file: JSON, mode 0600, replaced atomically so a crash never leaves half a file.</summary>
internal sealed class PostgresCredentialStore(string path)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    public StoredCluster? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoredCluster>(File.ReadAllText(Path), Json)
                ?? throw new PostgresAddonException($"{Path}: the PostgreSQL credentials file is empty; restore it from a backup or remove it together with the data directory.");
        }
        catch (JsonException e)
        {
            throw new PostgresAddonException($"{Path}:{e.LineNumber + 1}: the PostgreSQL credentials file is not valid JSON ({e.Message}); restore it from a backup.", e);
        }
    }

    public void Save(StoredCluster cluster)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, cluster, Json);
            stream.Flush(flushToDisk: true);
        }

        // UnixCreateMode only applies to a new file; a leftover temporary file keeps its old mode.
        File.SetUnixFileMode(temporary, OwnerOnly);
        File.Move(temporary, Path, overwrite: true);
    }
}
