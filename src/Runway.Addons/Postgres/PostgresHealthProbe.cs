using System.Net.Sockets;
using Npgsql;

namespace Runway.Addons.Postgres;

/// <summary>A real query (SELECT 1) over a fresh, unpooled TCP connection, so the answer covers connecting, authenticating and querying.</summary>
internal static class PostgresHealthProbe
{
    public static async Task<PostgresHealth> CheckAsync(PostgresDatabase database, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = database.Host,
            Port = database.Port,
            Username = database.Role,
            Password = database.Password,
            Database = database.Database,
            Pooling = false,
            SslMode = SslMode.Disable,
            Timeout = seconds,
            CommandTimeout = seconds,
        }.ConnectionString;

        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(linked.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            var answer = await command.ExecuteScalarAsync(linked.Token);
            var latency = time.GetElapsedTime(started);
            return answer is 1
                ? new PostgresHealth(true, latency, null)
                : new PostgresHealth(false, latency, $"SELECT 1 answered {answer ?? "nothing"}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new PostgresHealth(false, time.GetElapsedTime(started), $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is NpgsqlException or IOException or SocketException or TimeoutException && !ct.IsCancellationRequested)
        {
            return new PostgresHealth(false, time.GetElapsedTime(started), e.Message);
        }
    }
}
