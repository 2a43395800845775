using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Support;

/// <summary>A small Python HTTP server for health checks: GET /health answers 200 unless a file named "unhealthy"
/// exists in its working directory; every other path answers 503.</summary>
internal static class HealthServer
{
    private const string Script = """
        import http.server, os
        port = int(os.environ["PORT"])
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                healthy = self.path == "/health" and not os.path.exists("unhealthy")
                self.send_response(200 if healthy else 503)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", port), Handler)
        print(f"listening on {port}", flush=True)
        server.serve_forever()
        """;

    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Writes the server into <paramref name="directory"/> and returns the command that runs it.</summary>
    public static string WriteTo(TempDirectory directory)
    {
        File.WriteAllText(directory.File("server.py"), Script);
        return $"exec {Python} server.py";
    }
}
