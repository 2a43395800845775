using System.CommandLine;
using Runway.Cli.Commands;

var root = new RootCommand("Runway runs your app's whole stack on this machine from the deployment files it already has.")
{
    UpCommand.Create(),
};

var configuration = new InvocationConfiguration
{
    // `runway up` handles SIGINT/SIGTERM itself and stops every process before exiting.
    ProcessTerminationTimeout = null,
};

return await root.Parse(args).InvokeAsync(configuration);
