using System.CommandLine;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Runway.Cli.Commands;

/// <summary>`runway addons APP` and `runway db psql APP`.</summary>
internal static partial class AddonCommands
{
    public static Command Addons()
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var command = new Command("addons", "Show an app's add-ons: health and what they publish (passwords masked)") { app };
        command.SetAction((parse, _) => DaemonCommand.RunAsync(async (client, console, stop) =>
        {
            var name = parse.GetValue(app)!;
            var addons = await client.AddonsAsync(name, stop);
            if (addons is null)
            {
                console.Error($"{name} is not running; `runway status` lists the apps");
                return 1;
            }

            foreach (var addon in addons)
            {
                var health = addon.Healthy ? $"healthy ({addon.Latency.TotalMilliseconds:0} ms)" : $"unhealthy: {addon.Problem}";
                Console.Out.WriteLine($"{addon.Name}  {addon.Kind}  {health}");
                foreach (var (key, value) in addon.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
                {
                    Console.Out.WriteLine($"  {key}={Mask(key, value)}");
                }
            }

            return 0;
        }));
        return command;
    }

    public static Command Db()
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var addonName = new Option<string?>("--addon") { Description = "Which PostgreSQL add-on (default: the first)" };
        var psql = new Command("psql", "Open psql on the app's database") { app, addonName };
        psql.SetAction((parse, _) => DaemonCommand.RunAsync(async (client, console, stop) =>
        {
            var name = parse.GetValue(app)!;
            var addons = await client.AddonsAsync(name, stop);
            var wanted = parse.GetValue(addonName);
            var database = addons?.FirstOrDefault(a => a.Kind == "postgres" && (wanted is null || a.Name == wanted));
            if (database is null || !database.Variables.TryGetValue("DATABASE_URL", out var url))
            {
                console.Error(addons is null ? $"{name} is not running" : $"{name} has no PostgreSQL add-on{(wanted is null ? "" : $" named {wanted}")}");
                return 1;
            }

            using var process = Process.Start(new ProcessStartInfo("psql", [url]) { UseShellExecute = false });
            if (process is null)
            {
                console.Error("psql could not be started; install the postgresql-client package");
                return 1;
            }

            await process.WaitForExitAsync(CancellationToken.None);
            return process.ExitCode;
        }));
        var backupApp = new Argument<string>("app") { Description = "The app's name" };
        var backupAddon = new Option<string?>("--addon") { Description = "Only this add-on (default: every add-on)" };
        var backup = new Command("backup", "Back up the app's add-ons now (pg_dump -Fc, Redis RDB), checksummed, into $RUNWAY_HOME/backups") { backupApp, backupAddon };
        backup.SetAction((parse, _) => DaemonCommand.RunAsync((client, console, stop) =>
        {
            var query = parse.GetValue(backupAddon) is { } only ? $"?addon={Uri.EscapeDataString(only)}" : "";
            return client.RunAsync(HttpMethod.Post, $"/v1/apps/{Uri.EscapeDataString(parse.GetValue(backupApp)!)}/backups{query}", null, console, stop);
        }));
        var listApp = new Argument<string>("app") { Description = "The app's name" };
        var backups = new Command("backups", "List the app's backups, newest first") { listApp };
        backups.SetAction((parse, _) => DaemonCommand.RunAsync(async (client, _, stop) =>
        {
            foreach (var b in await client.BackupsAsync(parse.GetValue(listApp)!, stop))
            {
                Console.Out.WriteLine($"{b.Id}  {b.Addon}  {b.Kind}  v{b.Release}  {b.SizeBytes} bytes  {b.StartedAt:yyyy-MM-dd HH:mm:ss}  sha256 {b.Sha256[..12]}…  {Verified(b)}{(b.Note is null ? "" : "  (" + b.Note + ")")}");
            }

            return 0;
        }));
        return new Command("db", "Work with an app's add-ons: psql, backups, restore, verify") { psql, backup, backups, Restore(), Verify() };
    }

    private static Command Restore()
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var id = new Argument<string?>("backup") { Description = "The backup's id as `runway db backups` shows it, or a prefix only it has", Arity = ArgumentArity.ZeroOrOne };
        var addon = new Option<string?>("--addon") { Description = "Only look among this add-on's backups" };
        var toDatabase = new Option<string?>("--to-database") { Description = "PostgreSQL: restore into this new database beside the live one, which stays as it is" };
        var toTime = new Option<string?>("--to-time") { Description = "PostgreSQL: recover the database as it was at this time (ISO 8601, UTC unless a zone is given) from base backups and archived WAL" };
        var command = new Command("restore", "Restore a backup (or, with --to-time, a past moment) into the app's add-on after a safety backup, or into a new database with --to-database")
        {
            app, id, addon, toDatabase, toTime,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(id) is null) == (result.GetValue(toTime) is null))
            {
                result.AddError("give either a backup id or --to-time T, not both and not neither");
            }
        });
        command.SetAction((parse, _) => DaemonCommand.RunAsync((client, console, stop) =>
        {
            var name = parse.GetValue(app)!;
            if (parse.GetValue(toTime) is { } time)
            {
                var recovery = Query(("toTime", time), ("addon", parse.GetValue(addon)), ("toDatabase", parse.GetValue(toDatabase)));
                return client.RunAsync(HttpMethod.Post, $"/v1/apps/{Uri.EscapeDataString(name)}/restore{recovery}", null, console, stop);
            }

            var query = Query(("addon", parse.GetValue(addon)), ("toDatabase", parse.GetValue(toDatabase)));
            return client.RunAsync(HttpMethod.Post, $"{BackupPath(name, parse.GetValue(id)!)}/restore{query}", null, console, stop);
        }));
        return command;
    }

    private static Command Verify()
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var id = new Argument<string>("backup") { Description = "The backup's id as `runway db backups` shows it, or a prefix only it has" };
        var addon = new Option<string?>("--addon") { Description = "Only look among this add-on's backups" };
        var command = new Command("verify", "Restore a backup into a scratch copy, compare its row counts and checksums with those recorded at backup time, and record the result") { app, id, addon };
        command.SetAction((parse, _) => DaemonCommand.RunAsync((client, console, stop) =>
            client.RunAsync(HttpMethod.Post, $"{BackupPath(parse.GetValue(app)!, parse.GetValue(id)!)}/verify{Query(("addon", parse.GetValue(addon)))}", null, console, stop)));
        return command;
    }

    private static string BackupPath(string app, string backup) => $"/v1/apps/{Uri.EscapeDataString(app)}/backups/{Uri.EscapeDataString(backup)}";

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    private static string Verified(Runway.Addons.Backups.BackupMetadata backup) => backup.LastVerification switch
    {
        null => "not verified",
        { Passed: true } v => $"verified {v.At:yyyy-MM-dd HH:mm:ss}",
        { } v => $"VERIFY FAILED {v.At:yyyy-MM-dd HH:mm:ss}",
    };

    /// <summary>Passwords never reach the terminal: the password of a URL and any *PASSWORD variable are masked.</summary>
    private static string Mask(string key, string value) =>
        key.EndsWith("PASSWORD", StringComparison.Ordinal) ? "****" : UrlPassword().Replace(value, "$1****@");

    [GeneratedRegex("^([a-z]+://[^:/@]*:)[^@]*@")]
    private static partial Regex UrlPassword();
}
