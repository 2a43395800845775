using System.CommandLine;

namespace Runway.Cli.Commands;

/// <summary>`runway rollback|restart|stop|destroy APP`: one operation on one app, its progress shown as it happens.</summary>
internal static class AppCommands
{
    public static Command Rollback()
    {
        var app = AppArgument();
        var release = new Argument<int?>("release") { Description = "The release to go back to (default: the previous one)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("rollback", "Serve the previous (or the named) release again, without building") { app, release };
        command.SetAction((parse, _) =>
        {
            var query = parse.GetValue(release) is { } number ? $"?release={number}" : "";
            return Send(HttpMethod.Post, $"/v1/apps/{Uri.EscapeDataString(parse.GetValue(app)!)}/rollback{query}");
        });
        return command;
    }

    public static Command Restart() => Simple("restart", "Start the current release anew beside the running one, then switch", HttpMethod.Post, "/restart");

    public static Command Stop() => Simple("stop", "Stop every instance of the app; `runway restart` starts it again", HttpMethod.Post, "/stop");

    public static Command Destroy() => Simple("destroy", "Stop the app and delete its releases, state and logs", HttpMethod.Delete, "");

    private static Command Simple(string name, string description, HttpMethod method, string suffix)
    {
        var app = AppArgument();
        var command = new Command(name, description) { app };
        command.SetAction((parse, _) => Send(method, $"/v1/apps/{Uri.EscapeDataString(parse.GetValue(app)!)}{suffix}"));
        return command;
    }

    private static Argument<string> AppArgument() => new("app") { Description = "The app's name (see `runway status`)" };

    private static Task<int> Send(HttpMethod method, string path) =>
        DaemonCommand.RunAsync((client, console, stop) => client.RunAsync(method, path, null, console, stop));
}
