using System.CommandLine;
using Runway.Build;
using Runway.Cli.Output;
using Runway.Cli.Up;
using Runway.Server.Daemon;

namespace Runway.Cli.Commands;

/// <summary>`runway serve [--port N] [--api-port N]`: the daemon, in the foreground (systemd or a terminal keeps it).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "The edge's port: every app at http://APP.localhost:PORT", DefaultValueFactory = _ => 8080 };
        var apiPort = new Option<int>("--api-port") { Description = "The API's port on 127.0.0.1 (0: any free port; the CLI finds it)", DefaultValueFactory = _ => 0 };
        var adminPort = new Option<int?>("--admin-port") { Description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics" };
        var autoscaleInterval = new Option<double>("--autoscale-interval") { Description = "Seconds between looks at autoscaled services", DefaultValueFactory = _ => 15 };
        autoscaleInterval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 0.1 or > 3600)
            {
                r.AddError("--autoscale-interval must be between 0.1 and 3600 seconds");
            }
        });
        var keepReleases = new Option<int>("--keep-releases") { Description = "Releases kept per app besides the current and the previous one", DefaultValueFactory = _ => 5 };
        keepReleases.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 1000)
            {
                r.AddError("--keep-releases must be between 0 and 1000");
            }
        });
        var command = new Command("serve", "Run the Runway daemon: it keeps every deployed app running and serves them through its edge") { port, apiPort, adminPort, autoscaleInterval, keepReleases };
        command.SetAction(async (parse, _) =>
        {
            using var signals = new ShutdownSignals();
            var options = new DaemonOptions(RunwayHome.FromEnvironment())
            {
                EdgePort = parse.GetValue(port),
                ApiPort = parse.GetValue(apiPort),
                AdminPort = parse.GetValue(adminPort),
                AutoscaleInterval = TimeSpan.FromSeconds(parse.GetValue(autoscaleInterval)),
                KeepReleases = parse.GetValue(keepReleases),
            };
            return await DaemonHost.RunAsync(options, new ConsoleReporter(Console.Out, Console.Error), signals.Token);
        });
        return command;
    }
}
