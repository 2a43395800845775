using System.CommandLine;

namespace Runway.Cli.Commands;

/// <summary>`runway deploy DIR [--env NAME]`: the daemon builds a new release and rolls it out; every step is shown.</summary>
internal static class DeployCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("directory") { Description = "The app's directory", DefaultValueFactory = _ => "." };
        var environment = new Option<string>("--env", "-e") { Description = "The environment whose overrides apply", DefaultValueFactory = _ => "production" };
        var command = new Command("deploy", "Build the app in DIR into a new release and roll it out with no dropped request") { directory, environment };
        command.SetAction((parse, _) => DaemonCommand.RunAsync((client, console, stop) =>
        {
            var path = Path.GetFullPath(parse.GetValue(directory)!);
            if (!Directory.Exists(path))
            {
                console.Error($"{path}: no such directory");
                return Task.FromResult(1);
            }

            return client.RunAsync(HttpMethod.Post, "/v1/deploy", new { directory = path, environment = parse.GetValue(environment) }, console, stop);
        }));
        return command;
    }
}
