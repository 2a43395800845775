using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runway.Addons.Postgres.Pooling;

/// <summary>
/// PgBouncer's directory (<c>$RUNWAY_HOME/addons/postgres/pgbouncer/</c>): pgbouncer.ini, userlist.txt (0600), the pid file,
/// the log, the unix socket, and Runway's own state file.
/// </summary>
internal sealed class PgBouncerFiles(string directory)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string Directory { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    public string ConfigFile => Path.Combine(Directory, "pgbouncer.ini");

    public string UserList => Path.Combine(Directory, "userlist.txt");

    public string HbaFile => Path.Combine(Directory, "pgbouncer_hba.conf");

    public string PidFile => Path.Combine(Directory, "pgbouncer.pid");

    public string LogFile => Path.Combine(Directory, "pgbouncer.log");

    public string StateFile => Path.Combine(Directory, "runway-state.json");

    public PgBouncerState? LoadState()
    {
        if (!File.Exists(StateFile))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PgBouncerState>(File.ReadAllText(StateFile), Json);
        }
        catch (JsonException e)
        {
            throw new PostgresAddonException($"{StateFile}:{e.LineNumber + 1}: PgBouncer's state is not valid JSON ({e.Message}); remove the file and redeploy the pooled apps.", e);
        }
    }

    /// <summary>Writes the state, pgbouncer.ini and userlist.txt, each replaced atomically with mode 0600; returns the paths written.</summary>
    public IReadOnlyList<string> Write(PgBouncerState state, int maxClientConnections)
    {
        WriteOwnerOnly(StateFile, JsonSerializer.Serialize(state, Json));
        WriteOwnerOnly(UserList, UserListText(state.Entries));
        WriteOwnerOnly(HbaFile, HbaText(state.Entries));
        WriteOwnerOnly(ConfigFile, ConfigText(state, maxClientConnections));
        return [StateFile, UserList, HbaFile, ConfigFile];
    }

    /// <summary>The pid in the pid file, or null when there is none.</summary>
    public int? ReadPid()
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public string LogTail(int lines = 15) =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "";

    /// <summary>
    /// pgbouncer.ini (PgBouncer docs, "Configuration"): TCP on 127.0.0.1 only, SCRAM for clients, one entry per database with its own
    /// pool_mode and pool_size. No user= in an entry: each client logs in to the server as itself, so the server's CONNECT
    /// privileges keep one app out of another's database.
    /// </summary>
    public string ConfigText(PgBouncerState state, int maxClientConnections)
    {
        var text = new StringBuilder("; Written by Runway whenever a pooled database is added; local changes are lost.\n[databases]\n");
        foreach (var entry in state.Entries.OrderBy(e => e.Database, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{entry.Database} = host={entry.ServerHost} port={entry.ServerPort} dbname={entry.Database} pool_mode={Mode(entry.Mode)} pool_size={entry.PoolSize}\n");
        }

        string[] settings =
        [
            "listen_addr = 127.0.0.1",
            $"listen_port = {state.Port.ToString(CultureInfo.InvariantCulture)}",
            $"unix_socket_dir = {Directory}",
            "unix_socket_mode = 0700",
            // hba: SCRAM for each app role in its own database only, refused at once elsewhere (the server would refuse too,
            // but PgBouncer keeps such a client waiting while it retries the server login).
            "auth_type = hba",
            $"auth_hba_file = {HbaFile}",
            $"auth_file = {UserList}",
            $"pidfile = {PidFile}",
            $"logfile = {LogFile}",
            "pool_mode = session",
            $"max_client_conn = {maxClientConnections.ToString(CultureInfo.InvariantCulture)}",
            $"default_pool_size = {PgBouncerSettings.DefaultPoolSize.ToString(CultureInfo.InvariantCulture)}",
            // Sent by psql and JDBC at startup; PgBouncer would otherwise refuse them.
            "ignore_startup_parameters = extra_float_digits",
            "server_tls_sslmode = disable",
        ];
        text.Append("\n[pgbouncer]\n").AppendJoin('\n', settings).Append('\n');
        return text.ToString();
    }

    /// <summary>userlist.txt: <c>"role" "password"</c> per line, quotes doubled (PgBouncer docs, "Authentication file format"). The
    /// plain password lets PgBouncer log in to the server with SCRAM whichever way the client authenticated.</summary>
    public static string UserListText(IEnumerable<PgBouncerEntry> entries) =>
        string.Concat(entries.DistinctBy(e => e.Role).OrderBy(e => e.Role, StringComparer.Ordinal).Select(e => $"{Quote(e.Role)} {Quote(e.Password)}\n"));

    /// <summary>pg_hba.conf syntax as PgBouncer reads it (PgBouncer docs, "HBA file format"): each role may reach only its own database, by SCRAM over TCP.</summary>
    public static string HbaText(IEnumerable<PgBouncerEntry> entries) =>
        "# Written by Runway; anything not listed is rejected.\n"
        + string.Concat(entries.OrderBy(e => e.Database, StringComparer.Ordinal).Select(e => $"host {e.Database} {e.Role} 127.0.0.1/32 scram-sha-256\n"));

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Mode(PgBouncerPoolMode mode) => mode == PgBouncerPoolMode.Transaction ? "transaction" : "session";

    private static void WriteOwnerOnly(string path, string content)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        File.SetUnixFileMode(temporary, OwnerOnly);
        File.Move(temporary, path, overwrite: true);
    }
}
