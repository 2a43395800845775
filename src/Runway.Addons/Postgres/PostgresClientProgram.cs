using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Runway.Addons.Postgres;

/// <summary>Runs pg_dump or pg_restore as Runway's own user against the cluster over loopback TCP, with the login's password
/// in the environment, streaming the archive through standard input or output. Cancelling kills the program.</summary>
internal static class PostgresClientProgram
{
    public const string PgDump = "/usr/lib/postgresql/15/bin/pg_dump";
    public const string PgRestore = "/usr/lib/postgresql/15/bin/pg_restore";

    /// <summary>The connection options every client program takes (the password goes in PGPASSWORD, never on the command line).</summary>
    public static IReadOnlyList<string> ConnectionArguments(PostgresDatabase login) =>
        ["--host", login.Host, "--port", login.Port.ToString(CultureInfo.InvariantCulture), "--username", login.Role, "--dbname", login.Database, "--no-password"];

    /// <summary>Runs <paramref name="program"/>, feeding it <paramref name="input"/> and copying its output to
    /// <paramref name="output"/>; throws <see cref="PostgresAddonException"/> with the end of what it printed when it fails.</summary>
    public static async Task RunAsync(
        string program, IReadOnlyList<string> arguments, PostgresDatabase login, Stream? input, Stream? output, string whatFor, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = output is not null,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // PG* variables of Runway's own environment must not steer the program (libpq environment variables, PostgreSQL docs 34.15).
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["PGPASSWORD"] = login.Password;
        start.Environment["PGCONNECT_TIMEOUT"] = "15";
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PostgresAddonException($"{whatFor}: could not run {program}: {e.Message}; install PostgreSQL 15 (apt-get install postgresql-15)", e);
        }

        var errors = new StringBuilder();
        var readErrors = CollectAsync(process.StandardError, errors);
        Exception? copyFailure = null;
        try
        {
            var feeding = input is null ? Task.CompletedTask : FeedAsync(input, process.StandardInput.BaseStream, ct);
            var draining = output is null ? Task.CompletedTask : process.StandardOutput.BaseStream.CopyToAsync(output, ct);
            try
            {
                await Task.WhenAll(feeding, draining);
            }
            catch (IOException e) when (!ct.IsCancellationRequested)
            {
                // The program closed its input early (it failed); its exit code and messages tell why.
                copyFailure = e;
            }

            await process.WaitForExitAsync(ct);
            await readErrors;
        }
        catch
        {
            Kill(process);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var tail = string.Join('\n', errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(15));
            throw new PostgresAddonException(string.Create(CultureInfo.InvariantCulture,
                $"{whatFor}: {Path.GetFileName(program)} exited with code {process.ExitCode}{(tail.Length == 0 ? "" : ":\n" + tail)}"));
        }

        if (copyFailure is not null)
        {
            throw new PostgresAddonException($"{whatFor}: {Path.GetFileName(program)} stopped reading its input: {copyFailure.Message}", copyFailure);
        }
    }

    private static async Task FeedAsync(Stream input, Stream stdin, CancellationToken ct)
    {
        await using (stdin)
        {
            await input.CopyToAsync(stdin, 1 << 16, ct);
        }
    }

    private static async Task CollectAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            into.Append(line).Append('\n');
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }
}
