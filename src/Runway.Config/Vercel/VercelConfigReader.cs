using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.Vercel;

/// <summary>Reads vercel.json: build settings and the routing sections, each rule with where it was written.</summary>
internal static class VercelConfigReader
{
    private static readonly string[] Supported =
    [
        "buildCommand", "installCommand", "outputDirectory", "framework", "cleanUrls", "trailingSlash",
        "redirects", "rewrites", "headers", "routes", "build",
    ];

    // Accepted without effect: they describe Vercel's deployment, not what is served.
    private static readonly string[] Accepted =
    [
        "$schema", "version", "name", "regions", "functionFailoverRegions", "public", "github", "git", "alias", "scope",
        "devCommand", "ignoreCommand", "bunVersion", "fluid",
    ];

    // Accepted with a warning: they change behaviour on Vercel and Runway does not do it yet.
    private static readonly string[] NotSupported = ["functions", "env", "crons", "builds", "images", "rootDirectory"];

    private static readonly string[] Fields = [.. Supported, .. Accepted, .. NotSupported];
    private static readonly string[] BuildFields = ["env"];

    private static readonly string[] LegacyConflicts = ["rewrites", "redirects", "headers", "cleanUrls", "trailingSlash"];

    public static VercelConfig Read(ConfigNode root, DiagnosticBag diagnostics)
    {
        if (root.Kind != ConfigNodeKind.Object)
        {
            diagnostics.Error(root.Location, $"{root.Location.File} must hold an object (got {root.Describe(ConfigSyntax.Json)})");
            return VercelConfig.Empty;
        }

        var reader = new ObjectReader(root, "", ConfigSyntax.Json, diagnostics, Fields);
        reader.ReportUnknownFields();
        foreach (var key in NotSupported.Where(k => reader.Value(k) is not null))
        {
            reader.Warn(key, key == "functions" || key == "builds"
                ? "is not supported yet: serverless functions do not run; only static output is served"
                : "is not supported yet; it is ignored");
        }

        var buildEnvironment = ValueMap.Empty;
        if (reader.Table("build", BuildFields) is { } build)
        {
            buildEnvironment = build.StringMap("env") ?? ValueMap.Empty;
            build.ReportUnknownFields();
        }

        // Vercel rejects the legacy routes together with the newer routing sections.
        var conflict = LegacyConflicts.FirstOrDefault(k => reader.Value(k) is not null);
        if (reader.Value("routes") is not null && conflict is not null)
        {
            diagnostics.Error(root.Property("routes")!.KeyLocation,
                $"routes cannot be used together with {conflict}: if rewrites, redirects, headers, cleanUrls or trailingSlash are used, routes cannot be present; move the routes into those sections");
        }

        var routing = new VercelRouting(
            reader.Boolean("cleanUrls") ?? false,
            reader.Boolean("trailingSlash"),
            VercelRouteReader.Routes(reader),
            VercelRuleReader.Redirects(reader),
            VercelRuleReader.Headers(reader),
            VercelRuleReader.Rewrites(reader));
        return new VercelConfig(
            reader.String("buildCommand"),
            reader.String("installCommand"),
            reader.String("outputDirectory"),
            reader.String("framework"),
            buildEnvironment,
            routing);
    }

    public static VercelConfig? Parse(string text, string file, DiagnosticBag diagnostics) =>
        ConfigDocument.Parse(text, file, diagnostics) is { } root ? Read(root, diagnostics) : null;
}
