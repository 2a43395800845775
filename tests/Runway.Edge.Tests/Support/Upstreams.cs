using System.Text;
using Microsoft.AspNetCore.Http;

namespace Runway.Edge.Tests.Support;

/// <summary>Request handlers for upstream test servers.</summary>
internal static class Upstreams
{
    /// <summary>Answers with every request header as "name: value" lines (names lower-cased), then the body after an empty line.</summary>
    public static async Task EchoHeaders(HttpContext context)
    {
        var text = new StringBuilder();
        foreach (var header in context.Request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            text.Append(header.Key.ToLowerInvariant()).Append(": ").Append(header.Value.ToString()).Append('\n');
        }

        using var reader = new StreamReader(context.Request.Body);
        text.Append('\n').Append(await reader.ReadToEndAsync(context.RequestAborted));
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    /// <summary>The value of one header in an <see cref="EchoHeaders"/> answer, or null.</summary>
    public static string? HeaderIn(string echo, string name)
    {
        foreach (var line in echo.Split('\n'))
        {
            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith(name.ToLowerInvariant() + ": ", StringComparison.Ordinal))
            {
                return line[(name.Length + 2)..];
            }
        }

        return null;
    }

    public static string BodyIn(string echo) => echo[(echo.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];

    /// <summary>A port nothing listens on (bound, then released).</summary>
    public static Uri ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}
