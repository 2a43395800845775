using Runway.Config.Documents;
using Runway.Config.Loading;
using Runway.Config.RunwayToml;
using Runway.Model;

namespace Runway.Config;

/// <summary>
/// Reads every deployment file of an app directory into one <see cref="AppSpec"/>.
/// <para>
/// Precedence for one service, lowest to highest (a higher layer replaces each field it sets):
/// <list type="number">
/// <item>provider defaults (left null in the spec for the builder to fill),</item>
/// <item>package.json (<c>npm start</c> when scripts.start exists, else <c>node MAIN</c>; <c>npm run build</c> when scripts.build exists),</item>
/// <item>Procfile (the process type's command; <c>release</c> as release command),</item>
/// <item>nixpacks.toml / nixpacks.json (phases, start.cmd, variables), then the NIXPACKS_INSTALL_CMD / NIXPACKS_BUILD_CMD /
/// NIXPACKS_START_CMD variables,</item>
/// <item>railway.toml / railway.json (base, then its <c>environments.NAME</c> overrides),</item>
/// <item>runway.toml (<c>[services.NAME]</c>),</item>
/// <item>runway.toml's <c>[environments.NAME.services.NAME]</c> for the selected environment.</item>
/// </list>
/// Build commands containing <c>"..."</c> splice in the commands of the layer below (Nixpacks' rule); with nothing below,
/// the <c>"..."</c> stays for the builder to replace with the provider's default. Sites: package.json build &lt; vercel.json
/// &lt; runway.toml <c>[sites.NAME]</c> &lt; its environment override.
/// </para>
/// <para>
/// Variables: the app's are the root .env &lt; runway.toml <c>[variables]</c> &lt; <c>[environments.NAME.variables]</c> &lt;
/// <see cref="AppLoadOptions.Variables"/>; a service's own are its root's .env &lt; <c>[services.NAME.variables]</c> &lt; the
/// environment's; at run time a service's own variables win over the app's, and the options' variables win over both.
/// </para>
/// <para>
/// Files are read from each service's root (<c>root</c> in runway.toml, the app root otherwise). railway.toml wins over
/// railway.json and nixpacks.toml over nixpacks.json (with a warning when both exist). Without runway.toml services or sites,
/// the parts are detected as <see cref="DetectedParts"/> describes. The loader never throws on user input: malformed files,
/// unreadable files and invalid values are error diagnostics, unknown fields are warnings, and any error leaves the spec null.
/// </para>
/// </summary>
public static class AppLoader
{
    public const string RunwayTomlName = "runway.toml";

    public static AppLoadResult Load(string directory, AppLoadOptions options)
    {
        var diagnostics = new DiagnosticBag();
        var root = string.IsNullOrWhiteSpace(directory) || directory.Contains('\0', StringComparison.Ordinal) ? null : Path.GetFullPath(directory);
        if (root is null || !Directory.Exists(root))
        {
            diagnostics.Error(new SourceLocation(directory), "the app directory does not exist");
            return new AppLoadResult(null, diagnostics.ToValueList());
        }

        if (string.IsNullOrWhiteSpace(options.Environment))
        {
            diagnostics.Error(new SourceLocation(directory), "the environment name is empty; use production, staging or preview-NAME");
            return new AppLoadResult(null, diagnostics.ToValueList());
        }

        var context = new LoadContext(root, options.Environment, options.Variables, diagnostics);
        var spec = Read(context);
        return new AppLoadResult(diagnostics.HasErrors ? null : spec, diagnostics.ToValueList());
    }

    private static AppSpec Read(LoadContext context)
    {
        var runwayNode = context.Files.ReadDocument(RunwayTomlName);
        var runway = runwayNode is null ? RunwayConfig.Empty : RunwayConfigReader.Read(runwayNode, context.Diagnostics);
        var overrides = runway.ForEnvironment(context.Environment);
        var rootDirectory = context.Directory(".");
        var variables = rootDirectory.DotEnv()
            .With(runway.Variables)
            .With(overrides?.Variables ?? ValueMap.Empty)
            .With(context.ExtraVariables);

        var assembler = new ServiceAssembler(context.Environment, variables, context.ExtraVariables, context.Diagnostics);
        var (services, sites) = runway.DeclaresParts
            ? DeclaredParts.Read(context, runway, assembler)
            : DetectedParts.Read(context, assembler);

        var name = runway.Name
            ?? AppNames.FromText(rootDirectory.Has(ServiceDirectory.PackageJsonName) ? rootDirectory.PackageJson()?.Name : null)
            ?? AppNames.FromText(Path.GetFileName(context.Files.Root.TrimEnd(Path.DirectorySeparatorChar)))
            ?? "app";
        AppValidation.Check(context.Diagnostics, runway, services, sites);
        return new AppSpec(name, context.Files.Root, context.Environment, services.ToValueList(), sites.ToValueList(), runway.Addons.Select(a => a.Spec).ToValueList(), variables)
        {
            Entry = runway.Entry,
            Edge = runway.Edge,
        };
    }
}
