namespace Runway.Addons.Postgres;

/// <summary>A managed PostgreSQL operation failed: the message says which step or command, with its output, and what would fix it.</summary>
public sealed class PostgresAddonException(string message, Exception? inner = null) : Exception(message, inner);
