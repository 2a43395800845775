using Runway.Model;

namespace Runway.Server.Preparation;

/// <summary>Which part of an app `runway up --port` exposes.</summary>
internal static class EntryChooser
{
    /// <summary>runway.toml's <c>entry</c>; else the service named <c>web</c>; else the only web service; else the first site;
    /// else the first web service. Null when the app has nothing that answers HTTP.</summary>
    public static string? Choose(AppSpec app)
    {
        if (app.Entry is { } declared)
        {
            return declared;
        }

        var web = app.Services.Where(s => s.Kind == ServiceKind.Web).ToList();
        if (web.Find(s => s.Name == "web") is { } named)
        {
            return named.Name;
        }

        if (web.Count == 1)
        {
            return web[0].Name;
        }

        return app.Sites.Count > 0 ? app.Sites[0].Name : web.Count > 0 ? web[0].Name : null;
    }
}
