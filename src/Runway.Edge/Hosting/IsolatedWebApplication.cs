using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Runway.Edge.Hosting;

/// <summary>Web applications whose settings come from Runway alone.</summary>
public static class IsolatedWebApplication
{
    /// <summary>A builder with Kestrel and no configuration sources: no appsettings.json from the working directory, no
    /// ASPNETCORE_ or DOTNET_ environment variables, no command line. Runway runs in its users' repositories, which may well hold a
    /// .NET app's appsettings.json; its "Kestrel" section must not move Runway's listeners. Nothing watches the working directory
    /// either: a reloadable appsettings.json makes ASP.NET watch every directory under it (an inotify watch each, woken by every
    /// write there, and refused once a large node_modules exhausts the user's watch limit).</summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore();
        return builder;
    }
}
