using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Runway.Edge.Forwarding;
using Runway.Edge.Tests.Support;

namespace Runway.Edge.Tests.Forwarding;

/// <summary>DESIGN forwarder rule 5: bodies stream through without buffering, 100-continue works end to end, a bodiless
/// request stays bodiless, and trailers are copied.</summary>
public sealed class StreamingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_upstream_reads_the_first_request_chunk_before_the_client_has_sent_the_rest()
    {
        var firstChunkArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(async c =>
        {
            var received = new MemoryStream();
            var buffer = new byte[64];
            while (!Encoding.ASCII.GetString(received.ToArray()).Contains("first;", StringComparison.Ordinal))
            {
                var read = await c.Request.Body.ReadAsync(buffer, c.RequestAborted);
                received.Write(buffer, 0, read);
            }

            firstChunkArrived.SetResult();
            await c.Request.Body.CopyToAsync(received, c.RequestAborted);
            await c.Response.WriteAsync(Encoding.ASCII.GetString(received.ToArray()), c.RequestAborted);
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.PostAsync(new Uri("/upload", UriKind.Relative), new TwoPartContent("first;", "second", firstChunkArrived.Task));

        Assert.Equal("first;second", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_client_reads_the_first_response_chunk_before_the_upstream_has_sent_the_rest()
    {
        var clientSawFirstEvent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(async c =>
        {
            c.Response.ContentType = "text/event-stream";
            await c.Response.WriteAsync("data: one\n\n", c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await clientSawFirstEvent.Task.WaitAsync(Patience, c.RequestAborted);
            await c.Response.WriteAsync("data: two\n\n", c.RequestAborted);
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.GetAsync(new Uri("/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await using var events = await response.Content.ReadAsStreamAsync();
        var first = await RawHttp.ReadUntilAsync(events, "data: one\n\n");
        clientSawFirstEvent.SetResult();
        var rest = await RawHttp.ReadToEndAsync(events);

        Assert.Equal("data: one\n\n", first);
        Assert.Equal("data: two\n\n", rest);
        Assert.Equal(ForwardError.None, (await front.NextResultAsync()).Error);
    }

    [Fact]
    public async Task Expect_100_continue_lets_the_upstream_ask_for_the_body()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(Upstreams.EchoHeaders);
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, front.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"u8.ToArray());
        var interim = await RawHttp.ReadUntilAsync(stream, "\r\n\r\n");
        await stream.WriteAsync("hello"u8.ToArray());
        var final = await RawHttp.ReadToEndAsync(stream);

        Assert.StartsWith("HTTP/1.1 100 Continue", interim, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", final, StringComparison.Ordinal);
        var echo = final[(final.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Equal("100-continue", Upstreams.HeaderIn(echo, "Expect"));
        Assert.Contains("\n\nhello", echo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expect_100_continue_lets_the_upstream_refuse_before_the_body_is_sent()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(c =>
        {
            c.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, front.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"u8.ToArray());
        var first = await RawHttp.ReadUntilAsync(stream, "\r\n\r\n");

        // 100 kB: above SocketsHttpHandler's 1 kB threshold under which it sends a small body even after a refusal,
        // below Kestrel's own 30 MB body limit, which would answer 413 before the forwarder runs.
        // Had the forwarder read the body up front, the client would have been told to send it first (100 Continue).
        Assert.StartsWith("HTTP/1.1 403", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    [InlineData("HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")]
    [InlineData("DELETE / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")]
    public async Task A_bodiless_request_reaches_the_upstream_without_Transfer_Encoding(string request)
    {
        string? transferEncoding = "not called";
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(c =>
        {
            transferEncoding = c.Request.Headers.TransferEncoding.ToString();
            return Task.CompletedTask;
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));

        var response = await RawHttp.SendAsync(front.Port, request);

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Equal("", transferEncoding);
    }

    [Fact]
    public async Task Response_trailers_reach_an_http2_client()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(async c =>
        {
            c.Response.DeclareTrailer("x-checksum");
            await c.Response.WriteAsync("body", c.RequestAborted);
            c.Response.AppendTrailer("x-checksum", "abc123");
        }, HttpProtocols.Http2);
        var options = ForwardOptions.Default with { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, options, c.RequestAborted), HttpProtocols.Http2);
        using var client = front.CreateClient(HttpVersion.Version20);

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal("body", await response.Content.ReadAsStringAsync());
        Assert.Equal("abc123", Assert.Single(response.TrailingHeaders.GetValues("x-checksum")));
    }

    /// <summary>Sends <c>first</c>, waits until <c>proceed</c> completes, then sends <c>second</c>.</summary>
    private sealed class TwoPartContent(string first, string second, Task proceed) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(first));
            await stream.FlushAsync();
            await proceed.WaitAsync(Patience);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(second));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
