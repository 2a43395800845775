using Runway.Build.Planning;
using Runway.Model;

namespace Runway.Build.Providers;

/// <summary>Node.js: a package.json. Defaults follow Nixpacks' node provider (install by lock file, build script, start script).</summary>
internal sealed class NodeProvider : IBuildProvider
{
    private static readonly string[] EntryPoints = ["index.js", "server.js"];

    public string Name => "node";

    public bool Detect(ISourceFiles files) => files.FileExists(PackageJson.FileName);

    public ProviderDefaults Defaults(ISourceFiles files, ICollection<Diagnostic> diagnostics)
    {
        var package = PackageJson.Read(files, diagnostics);
        var manager = NodePackageManager.Detect(files, package);
        var phases = new List<PlannedPhase> { new(BuildSpec.InstallPhase, ValueList.Of(manager.InstallCommand)) };
        if (package.HasScript("build"))
        {
            phases.Add(new PlannedPhase(BuildSpec.BuildPhaseName, ValueList.Of(manager.RunCommand("build"))));
        }

        // Nixpacks builds with NODE_ENV=production but keeps devDependencies installed (they hold the build tools):
        // it sets NPM_CONFIG_PRODUCTION=false; npm 7+ spells that include=dev, yarn YARN_PRODUCTION=false.
        var buildEnvironment = new Dictionary<string, string>
        {
            ["NODE_ENV"] = "production",
            ["CI"] = "true",
            ["NPM_CONFIG_INCLUDE"] = "dev",
            ["YARN_PRODUCTION"] = "false",
            ["NPM_CONFIG_UPDATE_NOTIFIER"] = "false",
            ["NPM_CONFIG_FUND"] = "false",
            // A build is not the place for a security audit: it needs the registry and only adds noise to the log.
            ["NPM_CONFIG_AUDIT"] = "false",
        };
        if (manager.Name != "npm")
        {
            // npm warns that this setting is deprecated; pnpm still reads it.
            buildEnvironment["NPM_CONFIG_PRODUCTION"] = "false";
        }

        return new ProviderDefaults(
            phases.ToValueList(),
            StartCommand(files, package, manager),
            "package.json has no \"start\" script and there is no \"main\" file, index.js or server.js",
            new ValueMap(buildEnvironment),
            new ValueMap([new("NODE_ENV", "production")]),
            // Nixpacks puts node_modules/.bin on PATH so package binaries run by name.
            ValueList.Of("node_modules/.bin"));
    }

    private static string? StartCommand(ISourceFiles files, PackageJson package, NodePackageManager manager)
    {
        if (package.HasScript("start"))
        {
            return manager.StartCommand;
        }

        // "main" may name a file the build script writes (e.g. dist/index.js from tsc), so it counts when a build exists.
        if (package.Main is { } main && (files.FileExists(main) || package.HasScript("build")))
        {
            return "node " + ShellQuoting.Quote(main);
        }

        return EntryPoints.Where(files.FileExists).Select(file => "node " + file).FirstOrDefault();
    }
}
