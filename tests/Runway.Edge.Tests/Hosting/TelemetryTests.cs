using System.Globalization;
using System.Net;
using System.Text.Json;
using Runway.Edge.Hosting;
using Runway.Edge.Telemetry;
using Runway.Edge.Tests.Support;
using Runway.Model;

namespace Runway.Edge.Tests.Hosting;

public class TelemetryTests
{
    [Fact]
    public async Task Metrics_count_requests_by_app_part_and_status_with_a_duration_histogram()
    {
        await using var edge = await EdgeHarness.StartAsync(options: new EdgeServerOptions { AdminPort = 0 });
        Assert.Equal(HttpStatusCode.OK, (await edge.Client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await edge.Client.GetAsync(new Uri("/index.html", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await edge.Client.GetAsync(new Uri("/missing", UriKind.Relative))).StatusCode);

        var lines = await edge.MetricsWithAsync("runway_edge_requests_total{app=\"shop\",part=\"web\",code=\"404\",class=\"4xx\"} 1");
        Assert.Contains("# TYPE runway_edge_requests_total counter", lines);
        Assert.Contains("runway_edge_requests_total{app=\"shop\",part=\"web\",code=\"200\",class=\"2xx\"} 2", lines);
        Assert.Contains("runway_edge_requests_total{app=\"shop\",part=\"web\",code=\"404\",class=\"4xx\"} 1", lines);
        Assert.Contains("# TYPE runway_edge_request_duration_seconds histogram", lines);
        Assert.Contains("runway_edge_request_duration_seconds_bucket{app=\"shop\",part=\"web\",le=\"+Inf\"} 3", lines);
        Assert.Contains("runway_edge_request_duration_seconds_count{app=\"shop\",part=\"web\"} 3", lines);
        Assert.Contains(lines, l => l.StartsWith("runway_edge_request_duration_seconds_bucket{app=\"shop\",part=\"web\",le=\"0.005\"} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("runway_edge_request_duration_seconds_sum{app=\"shop\",part=\"web\"} ", StringComparison.Ordinal));
        Assert.Contains("# TYPE runway_edge_active_connections gauge", lines);
        Assert.Contains(lines, l => l.StartsWith("runway_edge_active_connections ", StringComparison.Ordinal));
    }

    [Fact]
    public void Histogram_buckets_are_cumulative()
    {
        var metrics = new EdgeMetrics();
        metrics.RecordRequest("a", "p", 200, TimeSpan.FromMilliseconds(3));
        metrics.RecordRequest("a", "p", 200, TimeSpan.FromMilliseconds(30));
        metrics.RecordRequest("a", "p", 500, TimeSpan.FromSeconds(20));
        var lines = metrics.Render().Split('\n');
        Assert.Contains("runway_edge_request_duration_seconds_bucket{app=\"a\",part=\"p\",le=\"0.005\"} 1", lines);
        Assert.Contains("runway_edge_request_duration_seconds_bucket{app=\"a\",part=\"p\",le=\"0.025\"} 1", lines);
        Assert.Contains("runway_edge_request_duration_seconds_bucket{app=\"a\",part=\"p\",le=\"0.05\"} 2", lines);
        Assert.Contains("runway_edge_request_duration_seconds_bucket{app=\"a\",part=\"p\",le=\"10\"} 2", lines);
        Assert.Contains("runway_edge_request_duration_seconds_bucket{app=\"a\",part=\"p\",le=\"+Inf\"} 3", lines);
        Assert.Contains("runway_edge_request_duration_seconds_sum{app=\"a\",part=\"p\"} 20.033", lines);
        Assert.Contains("runway_edge_requests_total{app=\"a\",part=\"p\",code=\"500\",class=\"5xx\"} 1", lines);
    }

    [Fact]
    public void Label_values_are_escaped()
    {
        Assert.Equal("a\\\"b\\\\c\\nd", EdgeMetrics.Escape("a\"b\\c\nd"));
        Assert.Equal("plain", EdgeMetrics.Escape("plain"));
    }

    [Fact]
    public async Task The_admin_endpoint_is_not_reachable_through_the_app_listener_and_serves_no_app()
    {
        await using var edge = await EdgeHarness.StartAsync(options: new EdgeServerOptions { AdminPort = 0 });
        using var viaApp = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        viaApp.Headers.Host = $"127.0.0.1:{edge.Edge.AdminPort}";
        var answer = await edge.Client.SendAsync(viaApp);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.DoesNotContain("runway_edge", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var admin = new HttpClient();
        var page = await admin.GetAsync(new Uri($"http://127.0.0.1:{edge.Edge.AdminPort}/"));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("hello", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var metrics = await admin.GetAsync(new Uri($"http://127.0.0.1:{edge.Edge.AdminPort}/metrics"));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.Content.Headers.ContentType!.ToString());
        // Only the app request counts; the admin listener's own answers are not app traffic.
        var counted = "runway_edge_requests_total{app=\"shop\",part=\"web\",code=\"404\",class=\"4xx\"} 1";
        Assert.Contains(counted, await edge.MetricsWithAsync(counted));
    }

    [Fact]
    public async Task The_admin_metrics_include_the_process_cpu_time_and_the_runtime_allocation_counters()
    {
        await using var edge = await EdgeHarness.StartAsync(options: new EdgeServerOptions { AdminPort = 0 });
        var before = Sample(await edge.MetricsAsync(), "dotnet_gc_heap_total_allocated_bytes_total");
        GC.KeepAlive(new byte[1 << 20]);
        var lines = (await edge.MetricsAsync()).Split('\n');
        Assert.Contains("# TYPE process_cpu_seconds_total counter", lines);
        Assert.True(Sample(lines, "process_cpu_seconds_total") > 0);
        Assert.True(Sample(lines, "process_resident_memory_bytes") > 0);
        Assert.True(Sample(lines, "dotnet_gc_heap_total_allocated_bytes_total") >= before + (1 << 20));
        Assert.Contains(lines, line => line.StartsWith("dotnet_gc_collections_total{gc_heap_generation=\"gen0\"} ", StringComparison.Ordinal));
    }

    private static double Sample(string metrics, string name) => Sample(metrics.Split('\n'), name);

    private static double Sample(string[] lines, string name) =>
        double.Parse(lines.Single(line => line.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_admin_health_answer_is_200_when_healthy_and_503_with_the_report_when_not()
    {
        var healthy = true;
        await using var edge = await EdgeHarness.StartAsync(options: new EdgeServerOptions
        {
            AdminPort = 0,
            Health = _ => Task.FromResult(new AdminHealth(healthy, healthy ? """{"healthy":true}""" : """{"healthy":false,"problems":["db down"]}""")),
        });
        using var admin = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{edge.Edge.AdminPort}/health");
        var ok = await admin.GetAsync(url);
        Assert.Equal((HttpStatusCode.OK, "application/json; charset=utf-8"), (ok.StatusCode, ok.Content.Headers.ContentType!.ToString()));
        healthy = false;
        var down = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("db down", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var bare = await EdgeHarness.StartAsync(options: new EdgeServerOptions { AdminPort = 0 });
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri($"http://127.0.0.1:{bare.Edge.AdminPort}/health"))).StatusCode);
    }

    [Fact]
    public async Task Without_an_admin_port_there_is_no_admin_listener()
    {
        await using var edge = await EdgeHarness.StartAsync();
        Assert.Null(edge.Edge.AdminPort);
    }

    [Fact]
    public async Task Active_connections_count_open_client_connections()
    {
        await using var edge = await EdgeHarness.StartAsync(options: new EdgeServerOptions { AdminPort = 0 });
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, edge.Edge.Port);
        var stream = client.GetStream();
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: shop.localhost\r\n\r\n"u8.ToArray());
        await RawHttp.ReadUntilAsync(stream, "hello");
        Assert.Contains("runway_edge_active_connections 1", (await edge.MetricsAsync()).Split('\n'));
        client.Close();
        for (var i = 0; i < 200 && edge.Edge.Metrics.ActiveConnections != 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Contains("runway_edge_active_connections 0", (await edge.MetricsAsync()).Split('\n'));
    }

    [Fact]
    public async Task The_access_log_has_one_json_line_per_request()
    {
        var sink = new LineSink();
        await using (var edge = await EdgeHarness.StartAsync(options: new EdgeServerOptions { AccessLog = AccessLogSink.To(sink) }))
        {
            await edge.Client.GetAsync(new Uri("/index.html?q=1", UriKind.Relative));
            await edge.Client.GetAsync(new Uri("/nope", UriKind.Relative));
        }

        var lines = await sink.WaitForAsync(2);
        Assert.Equal(2, lines.Count);
        using var first = JsonDocument.Parse(lines[0]);
        var line = first.RootElement;
        Assert.Equal("shop", line.GetProperty("app").GetString());
        Assert.Equal("web", line.GetProperty("part").GetString());
        Assert.Equal("GET", line.GetProperty("method").GetString());
        Assert.Equal("/index.html", line.GetProperty("path").GetString());
        Assert.Equal(200, line.GetProperty("status").GetInt32());
        Assert.Equal("<p>hello</p>".Length, line.GetProperty("bytes").GetInt64());
        Assert.True(line.GetProperty("durationMs").GetDouble() >= 0);
        Assert.True(line.TryGetProperty("time", out _));
        Assert.Equal("127.0.0.1", line.GetProperty("client").GetString());
        Assert.False(line.TryGetProperty("upstream", out _));
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(404, second.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Upstream_errors_are_counted_by_kind_and_logged_with_the_instance()
    {
        var sink = new LineSink();
        var service = new EdgeService("api", [new EdgeInstance("api.1", Upstreams.ClosedPort())], ValueList<string>.Empty);
        string metrics;
        await using (var edge = await EdgeHarness.StartAsync(options: new EdgeServerOptions { AdminPort = 0, AccessLog = AccessLogSink.To(sink) }, services: [service]))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/x", UriKind.Relative));
            request.Headers.Host = "api.shop.localhost";
            Assert.Equal(HttpStatusCode.BadGateway, (await edge.Client.SendAsync(request)).StatusCode);
            metrics = string.Join('\n', await edge.MetricsWithAsync("runway_edge_requests_total{app=\"shop\",part=\"api\",code=\"502\",class=\"5xx\"} 1"));
        }

        Assert.Contains("runway_edge_upstream_errors_total{app=\"shop\",part=\"api\",error=\"ConnectFailed\"} 1", metrics.Split('\n'));
        Assert.Contains("runway_edge_requests_total{app=\"shop\",part=\"api\",code=\"502\",class=\"5xx\"} 1", metrics.Split('\n'));
        using var line = JsonDocument.Parse((await sink.WaitForAsync(1))[0]);
        Assert.Equal("api.1", line.RootElement.GetProperty("upstream").GetString());
        Assert.Equal("ConnectFailed", line.RootElement.GetProperty("upstreamError").GetString());
        Assert.Equal(502, line.RootElement.GetProperty("status").GetInt32());
    }
}
