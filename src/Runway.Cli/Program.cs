using System.CommandLine;
using Runway.Cli.Commands;
using Runway.Edge.Hosting;

// Before any socket is used: the edge in `runway up` and `runway serve` relies on it (see InlineSocketCompletions).
await InlineSocketCompletions.EnableAsync();

var root = new RootCommand("Runway runs your app's whole stack on this machine from the deployment files it already has.")
{
    UpCommand.Create(),
    ServeCommand.Create(),
    InstallServiceCommand.Create(),
    DeployCommand.Create(),
    StatusCommand.Create(),
    LogsCommand.Create(),
    AppCommands.Rollback(),
    ScaleCommand.Create(),
    AppCommands.Restart(),
    AppCommands.Stop(),
    AppCommands.Destroy(),
    AddonCommands.Addons(),
    AddonCommands.Db(),
};

var configuration = new InvocationConfiguration
{
    // `runway up` and `runway serve` handle SIGINT/SIGTERM themselves and stops every process before exiting.
    ProcessTerminationTimeout = null,
};

return await root.Parse(args).InvokeAsync(configuration);
