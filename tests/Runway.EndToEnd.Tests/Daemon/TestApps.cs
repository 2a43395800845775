namespace Runway.EndToEnd.Tests.Daemon;

/// <summary>Small apps for the daemon's tests, written into temp directories.</summary>
internal static class TestApps
{
    /// <summary>A Node web service without dependencies that answers <c>/</c> with <paramref name="version"/>, <c>/pid</c>
    /// with its process id and <c>/health</c> with <paramref name="healthStatus"/>.</summary>
    public static TempApp NodeService(string name, string version, int replicas = 1, int healthStatus = 200, int healthTimeoutSeconds = 20) => NodeApp(
        name,
        ("railway.toml", $"""
            [deploy]
            healthcheckPath = "/health"
            healthcheckTimeout = {healthTimeoutSeconds}
            numReplicas = {replicas}
            restartPolicyType = "ON_FAILURE"
            """),
        $$"""
            const http = require("http");
            http.createServer((req, res) => {
              if (req.url === "/health") { res.writeHead({{healthStatus}}); res.end("health"); return; }
              if (req.url === "/pid") { res.end(String(process.pid)); return; }
              res.end("{{version}}");
            }).listen(Number(process.env.PORT), "127.0.0.1");
            """);

    /// <summary>A Node app without dependencies (package.json and its lock file, so `npm ci` runs), its Runway or Railway
    /// config, and <c>server.js</c>.</summary>
    private static TempApp NodeApp(string name, (string Path, string Text) config, string server) => new(
        ("package.json", $$"""{ "name": "{{name}}", "version": "1.0.0", "private": true, "scripts": { "start": "node server.js" } }"""),
        ("package-lock.json", $$"""{ "name": "{{name}}", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": { "": { "name": "{{name}}", "version": "1.0.0" } } }"""),
        config,
        ("server.js", server));

    /// <summary>Rewrites the app's version (what <c>/</c> answers) for the next deploy.</summary>
    public static void SetVersion(TempApp app, string from, string to)
    {
        var server = Path.Combine(app.Directory, "server.js");
        File.WriteAllText(server, File.ReadAllText(server).Replace($"res.end(\"{from}\")", $"res.end(\"{to}\")", StringComparison.Ordinal));
    }

    public static void SetHealthStatus(TempApp app, int from, int to)
    {
        var server = Path.Combine(app.Directory, "server.js");
        File.WriteAllText(server, File.ReadAllText(server).Replace($"res.writeHead({from})", $"res.writeHead({to})", StringComparison.Ordinal));
    }

    /// <summary>A Node web service limited to 128 MiB whose <c>/grow</c> allocates (and touches) 400 MB.</summary>
    public static TempApp MemoryHog(string name) => NodeApp(
        name,
        ("runway.toml", $$"""
            name = "{{name}}"
            [services.web]
            startCommand = "node server.js"
            healthcheckPath = "/health"
            healthcheckTimeout = 20
            restartPolicyType = "ON_FAILURE"
            [services.web.limits]
            memory = "128M"
            """),
        """
            const http = require("http");
            const kept = [];
            http.createServer((req, res) => {
              if (req.url === "/grow") { for (let i = 0; i < 40; i++) kept.push(Buffer.alloc(10 * 1024 * 1024, 1)); }
              res.end("ok");
            }).listen(Number(process.env.PORT), "127.0.0.1");
            """);

    /// <summary>A Node web service autoscaled on concurrency (2 in flight per instance, 1 to 3 instances, short cooldowns)
    /// whose <c>/slow</c> takes 300 ms.</summary>
    public static TempApp Autoscaled(string name) => NodeApp(
        name,
        ("runway.toml", $$"""
            name = "{{name}}"
            [services.web]
            startCommand = "node server.js"
            healthcheckPath = "/health"
            [services.web.autoscale]
            min = 1
            max = 3
            concurrency = 2
            scaleUpCooldown = "1s"
            scaleDownCooldown = "3s"
            """),
        """
            const http = require("http");
            http.createServer((req, res) => {
              if (req.url === "/slow") { setTimeout(() => res.end("slow"), 300); return; }
              res.end("ok");
            }).listen(Number(process.env.PORT), "127.0.0.1");
            """);

    /// <summary>A Node web service with a PostgreSQL and a Redis add-on: <c>/write</c> adds a row through <c>psql "$DATABASE_URL"</c>
    /// and answers the row count; <c>/incr</c> increments a key through <c>redis-cli -u $REDIS_URL</c>; <c>/url</c> answers the
    /// database URL's scheme and database.</summary>
    public static TempApp WithPostgres(string name) => NodeApp(
        name,
        ("runway.toml", $$"""
            name = "{{name}}"
            [services.web]
            startCommand = "node server.js"
            healthcheckPath = "/health"
            [addons.db]
            type = "postgres"
            [addons.cache]
            type = "redis"
            maxmemory = "32mb"
            policy = "allkeys-lru"
            """),
        """
            const http = require("http");
            const { execFileSync } = require("child_process");
            const sql = "create table if not exists hits(n serial); insert into hits default values; select count(*) from hits";
            http.createServer((req, res) => {
              if (req.url === "/write") { res.end(execFileSync("psql", [process.env.DATABASE_URL, "-qtAc", sql]).toString().trim()); return; }
              if (req.url === "/incr") { res.end(execFileSync("redis-cli", ["-u", process.env.REDIS_URL, "--no-auth-warning", "INCR", "hits"]).toString().trim()); return; }
              if (req.url === "/url") { const u = new URL(process.env.DATABASE_URL); res.end(u.protocol + u.pathname); return; }
              res.end("ok");
            }).listen(Number(process.env.PORT), "127.0.0.1");
            """);
}
