using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Runway.Server.Api;

namespace Runway.Cli.Commands;

/// <summary>`runway status [APP] [--json]`: apps, releases, instances, health and recent events.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var app = new Argument<string?>("app") { Description = "Only this app", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };
        var command = new Command("status", "Show every app the daemon runs, or one") { app, json };
        command.SetAction((parse, _) => DaemonCommand.RunAsync(async (client, console, stop) =>
        {
            var name = parse.GetValue(app);
            var report = await client.StatusAsync(name, stop);
            if (report is null || (name is not null && report.Apps.Count == 0))
            {
                console.Error(name is null ? "the daemon sent no status" : $"no app named {name}");
                return 1;
            }

            Console.Out.Write(parse.GetValue(json)
                ? JsonSerializer.Serialize(report, new JsonSerializerOptions(ProgressMessage.Json) { WriteIndented = true }) + "\n"
                : Render(report, detailed: name is not null));
            return 0;
        }));
        return command;
    }

    private static string Render(StatusReport report, bool detailed)
    {
        var text = new System.Text.StringBuilder();
        if (report.Apps.Count == 0)
        {
            text.AppendLine("no apps yet; deploy one with `runway deploy DIR`");
        }

        foreach (var app in report.Apps)
        {
            var release = app.CurrentRelease is { } current ? $"v{current}" : "no release";
            text.AppendLine(CultureInfo.InvariantCulture, $"{app.Name}  {release}  {app.Desired}  {app.Environment}  {app.Url}");
            foreach (var instance in app.Instances)
            {
                var usage = instance.MemoryBytes is { } memory ? $"  {memory / (1024 * 1024)} MiB  cpu {instance.CpuSeconds:0.0}s" : "";
                var port = instance.Port is { } p ? $"  :{p}" : "";
                text.AppendLine(CultureInfo.InvariantCulture, $"  {instance.Id,-12} {instance.State,-10} v{instance.Release}  pid {instance.ProcessId}{port}  restarts {instance.Restarts}  since {instance.Since:HH:mm:ss}{usage}");
            }

            foreach (var backups in app.Backups)
            {
                if (backups.LastFailure is { } failure)
                {
                    // Shown until a later backup of the add-on succeeds: a failed backup is never silent.
                    text.AppendLine(CultureInfo.InvariantCulture, $"  backups: {backups.Addon} last failed at {failure.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({failure.Kind}): {failure.Message}");
                }
                else if (detailed)
                {
                    var last = backups.LastSuccessAt is { } at ? $"last {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : "none yet";
                    var next = backups.NextRunAt is { } due ? $", next {due.UtcDateTime:yyyy-MM-dd HH:mm}Z ({backups.Schedule})" : "";
                    text.AppendLine(CultureInfo.InvariantCulture, $"  backups: {backups.Addon} {last}{next}");
                }
            }

            if (!detailed)
            {
                continue;
            }

            text.AppendLine("  releases:");
            foreach (var r in app.Releases)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    v{r.Number}  {r.CreatedAt:yyyy-MM-dd HH:mm:ss}  {r.Status}  {r.Description}");
            }

            text.AppendLine("  deployments:");
            foreach (var d in app.Deployments)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    #{d.Id}  v{d.Release}  {d.Trigger}  {d.Status}  {d.StartedAt:HH:mm:ss}  {d.Message}");
            }

            text.AppendLine("  events:");
            foreach (var e in app.Events)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {e.At:yyyy-MM-dd HH:mm:ss}  {e.Kind}  {e.Message}");
            }
        }

        return text.ToString();
    }
}
