namespace Runway.Config.Vercel;

/// <summary>
/// Output directories of Vercel's framework presets (vercel/vercel packages/frameworks), used when vercel.json names a
/// <c>framework</c> but no <c>outputDirectory</c>. Frameworks that need a server (nextjs, nuxtjs, remix, sveltekit...) have none here.
/// </summary>
internal static class VercelFrameworks
{
    private static readonly Dictionary<string, string> OutputDirectories = new(StringComparer.Ordinal)
    {
        ["vite"] = "dist",
        ["create-react-app"] = "build",
        ["vue"] = "dist",
        ["astro"] = "dist",
        ["gatsby"] = "public",
        ["hugo"] = "public",
        ["hexo"] = "public",
        ["eleventy"] = "_site",
        ["jekyll"] = "_site",
        ["docusaurus-2"] = "build",
        ["preact"] = "build",
        ["svelte"] = "public",
        ["ember"] = "dist",
    };

    public static string? DefaultOutputDirectory(string? framework) =>
        framework is not null && OutputDirectories.TryGetValue(framework, out var directory) ? directory : null;
}
