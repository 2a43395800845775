using System.CommandLine;

namespace Runway.Cli.Commands;

/// <summary>`runway logs APP [-f] [--service S] [-n N]`.</summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl-C" };
        var service = new Option<string?>("--service", "-s") { Description = "Only this service's lines" };
        var lines = new Option<int>("--lines", "-n") { Description = "How many past lines to show", DefaultValueFactory = _ => 100 };
        var command = new Command("logs", "Show an app's output (instances, builds, state changes)") { app, follow, service, lines };
        command.SetAction((parse, _) => DaemonCommand.RunAsync((client, console, stop) =>
            client.LogsAsync(parse.GetValue(app)!, parse.GetValue(service), parse.GetValue(lines), parse.GetValue(follow), Console.Out, console, stop)));
        return command;
    }
}
