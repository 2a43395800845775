namespace Runway.Addons.Postgres;

/// <summary>An app environment's own database and role, and the variables that hand them to the app.</summary>
public sealed record PostgresDatabase(string Database, string Role, string Password, string Host, int Port)
{
    /// <summary>The <c>DATABASE_URL</c> form: postgresql://role:password@host:port/database, each part percent-encoded.</summary>
    public string ConnectionUrl =>
        $"postgresql://{Uri.EscapeDataString(Role)}:{Uri.EscapeDataString(Password)}@{Host}:{Port}/{Uri.EscapeDataString(Database)}";

    /// <summary>DATABASE_URL plus libpq's own variables (PostgreSQL docs 34.15), so psql and most drivers connect with no flags.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DATABASE_URL"] = ConnectionUrl,
        ["PGHOST"] = Host,
        ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGUSER"] = Role,
        ["PGPASSWORD"] = Password,
        ["PGDATABASE"] = Database,
    };

    /// <summary>Never shows the password, so the record can be logged.</summary>
    public override string ToString() => $"PostgresDatabase {{ Database = {Database}, Role = {Role}, Host = {Host}, Port = {Port} }}";
}
