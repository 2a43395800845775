using System.CommandLine;
using Runway.Cli.Output;
using Runway.Cli.Up;

namespace Runway.Cli.Commands;

/// <summary>`runway up DIR [--port N] [--env NAME]`: build and run an app in the foreground.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("directory")
        {
            Description = "The app's directory (holding railway.toml, Procfile, vercel.json, package.json, runway.toml...)",
            DefaultValueFactory = _ => ".",
        };
        var port = new Option<int?>("--port", "-p")
        {
            Description = "Serve the app's entry (runway.toml `entry`, else the `web` service, else the site) on http://127.0.0.1:PORT",
        };
        var environment = new Option<string>("--env", "-e")
        {
            Description = "The environment whose overrides apply (railway.toml environments.NAME, runway.toml environments.NAME)",
            DefaultValueFactory = _ => "production",
        };

        var adminPort = new Option<int?>("--admin-port")
        {
            Description = "Serve the edge's Prometheus metrics at http://127.0.0.1:PORT/metrics (never reachable through the app's port)",
        };
        var httpsPort = new Option<int?>("--https-port")
        {
            Description = "Also serve the app over HTTPS on 127.0.0.1:PORT, with a self-signed certificate kept in $RUNWAY_HOME/tls",
        };
        foreach (var option in new[] { port, adminPort, httpsPort })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int?>() is { } value && value is < 0 or > 65535)
                {
                    result.AddError($"{result.Option.Name} must be between 0 and 65535 (got {value})");
                }
            });
        }

        var command = new Command("up", "Build the app in DIR and run every part of it until Ctrl-C") { directory, port, environment, adminPort, httpsPort };
        command.SetAction(async (parse, _) =>
        {
            var request = new UpRequest(parse.GetValue(directory)!, parse.GetValue(port), parse.GetValue(environment)!)
            {
                AdminPort = parse.GetValue(adminPort),
                HttpsPort = parse.GetValue(httpsPort),
            };
            using var signals = new ShutdownSignals();
            var console = new ConsoleReporter(Console.Out, Console.Error);
            return await new ForegroundRun(console).RunAsync(request, signals.Token);
        });
        return command;
    }
}
