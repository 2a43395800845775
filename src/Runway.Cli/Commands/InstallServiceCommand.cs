using System.CommandLine;
using Runway.Build;
using Runway.Cli.Output;

namespace Runway.Cli.Commands;

/// <summary>`runway install-service [--port N] [--output FILE]`: writes a systemd unit that runs `runway serve` at boot.</summary>
internal static class InstallServiceCommand
{
    private const string DefaultUnitPath = "/etc/systemd/system/runway.service";

    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "The edge's port", DefaultValueFactory = _ => 8080 };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the unit", DefaultValueFactory = _ => DefaultUnitPath };
        var command = new Command("install-service", "Write a systemd unit that starts the Runway daemon at boot and restarts it if it dies") { port, output };
        command.SetAction(parse =>
        {
            var console = new ConsoleReporter(Console.Out, Console.Error);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var executable = Environment.ProcessPath ?? "runway";
            var arguments = executable.EndsWith("/dotnet", StringComparison.Ordinal) ? $"{typeof(InstallServiceCommand).Assembly.Location} serve" : "serve";
            var unit = SystemdUnit.For(executable, arguments, parse.GetValue(port), RunwayHome.FromEnvironment().Path);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, unit);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error($"cannot write {path}: {e.Message}");
                return 1;
            }

            console.Step($"wrote {path}");
            if (path == DefaultUnitPath)
            {
                console.Detail("start it now and at every boot: systemctl daemon-reload && systemctl enable --now runway");
            }

            return 0;
        });
        return command;
    }
}

/// <summary>The systemd unit of the daemon.</summary>
internal static class SystemdUnit
{
    public static string For(string executable, string arguments, int port, string home) => $"""
        [Unit]
        Description=Runway: runs and serves your apps
        After=network-online.target
        Wants=network-online.target

        [Service]
        Type=simple
        ExecStart={executable} {arguments} --port {port}
        Environment=RUNWAY_HOME={home}
        Environment=NO_COLOR=1
        # The daemon stops its apps itself on SIGTERM (drain, SIGTERM, grace, SIGKILL); systemd kills what is left after that.
        KillMode=mixed
        TimeoutStopSec=90
        Restart=always
        RestartSec=1

        [Install]
        WantedBy=multi-user.target

        """;
}
