namespace Runway.State.Storage;

/// <summary>One numbered schema change: the SQL that takes the database from version <c>Version - 1</c> to <paramref name="Version"/>.</summary>
internal sealed record SchemaMigration(int Version, string Sql);
