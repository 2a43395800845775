namespace Runway.Model;

/// <summary>A static output directory served with Vercel's routing rules.</summary>
/// <param name="Directory">The site's root directory, relative to the app root.</param>
/// <param name="Build">How to build it; <see cref="BuildSpec.OutputDirectory"/> is what gets served.</param>
/// <param name="Routing">vercel.json's routing sections, kept for the edge.</param>
public sealed record SiteSpec(string Name, string Directory, BuildSpec Build, VercelRouting Routing);
