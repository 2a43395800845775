using Microsoft.AspNetCore.Http;
using Runway.Edge.Forwarding;
using Runway.Edge.Tests.Support;

namespace Runway.Edge.Tests.Forwarding;

/// <summary>DESIGN forwarder rule 2: no header value with CR or LF crosses the proxy, and Content-Length never travels
/// together with Transfer-Encoding.</summary>
public sealed class UnsafeHeaderValueTests
{
    [Fact]
    public async Task A_request_header_value_with_CR_or_LF_is_not_forwarded()
    {
        // Kestrel answers 400 to such bytes from a client, so the value is put there by an earlier stage of the edge.
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(Upstreams.EchoHeaders);
        await using var front = await ProxyFront.StartAsync(c =>
        {
            c.Request.Headers["X-Split"] = "a\r\nInjected: 1";
            c.Request.Headers["X-Line-Feed"] = "a\nb";
            c.Request.Headers["X-Carriage-Return"] = "a\rb";
            c.Request.Headers["X-Fine"] = "fine";
            return forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted);
        });
        using var client = front.CreateClient();

        var echo = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Equal("fine", Upstreams.HeaderIn(echo, "X-Fine"));
        Assert.Null(Upstreams.HeaderIn(echo, "X-Split"));
        Assert.Null(Upstreams.HeaderIn(echo, "Injected"));
        Assert.Null(Upstreams.HeaderIn(echo, "X-Line-Feed"));
        Assert.Null(Upstreams.HeaderIn(echo, "X-Carriage-Return"));
    }

    [Theory]
    [InlineData("X-Bad: a\rInjected: 1")]
    [InlineData("X-Folded: a\r\n Injected: 1")]
    public async Task A_client_sending_CR_in_a_header_value_is_refused_before_anything_is_forwarded(string header)
    {
        var upstreamCalled = false;
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(c =>
        {
            upstreamCalled = true;
            return Task.CompletedTask;
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));

        var response = await RawHttp.SendAsync(front.Port, $"GET / HTTP/1.1\r\nHost: a\r\n{header}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.False(upstreamCalled);
    }

    [Fact]
    public void A_response_header_or_trailer_value_with_CR_or_LF_is_not_copied()
    {
        // SocketsHttpHandler already turns CR and folded lines from HTTP/1.1 upstreams into spaces; this guards every other path.
        using var upstream = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        upstream.Headers.TryAddWithoutValidation("X-Split", "a\r\nSet-Cookie: stolen=1");
        upstream.Headers.TryAddWithoutValidation("X-Fine", "fine");
        upstream.Content.Headers.TryAddWithoutValidation("Content-Language", "en\nde");
        var context = new DefaultHttpContext();
        context.Request.Protocol = "HTTP/1.1";

        ResponseHeaderCopier.CopyStatusAndHeaders(upstream, context);

        Assert.Equal("fine", context.Response.Headers["X-Fine"]);
        Assert.False(context.Response.Headers.ContainsKey("X-Split"));
        Assert.False(context.Response.Headers.ContainsKey("Set-Cookie"));
        Assert.False(context.Response.Headers.ContainsKey("Content-Language"));
    }

    [Fact]
    public async Task A_request_with_Transfer_Encoding_and_Content_Length_reaches_the_upstream_chunked_without_Content_Length()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(Upstreams.EchoHeaders);
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));

        var response = await RawHttp.SendAsync(front.Port,
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        var echo = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Null(Upstreams.HeaderIn(echo, "Content-Length"));
        Assert.Equal("chunked", Upstreams.HeaderIn(echo, "Transfer-Encoding"));
        Assert.Contains("\n\nhello", echo, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_Length_is_not_forwarded_when_the_request_also_has_Transfer_Encoding()
    {
        // Kestrel renames such a Content-Length to X-Content-Length; other servers and earlier stages may not.
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Protocol = "HTTP/1.1";
        context.Request.Headers.TransferEncoding = "chunked";
        context.Request.Headers.ContentLength = 3;
        context.Request.Headers.ContentType = "text/plain";
        using var activity = new ActivityCancellation(Timeout.InfiniteTimeSpan, null, default, default);

        using var message = new UpstreamRequestFactory(new ForwarderSettings())
            .Create(context, new Uri("http://127.0.0.1:1"), ForwardOptions.Default, isUpgrade: false, activity, out var body);

        Assert.NotNull(body);
        Assert.Null(message.Content!.Headers.ContentLength);
        Assert.Equal("text/plain", message.Content.Headers.ContentType!.MediaType);
        Assert.False(message.Headers.Contains("Transfer-Encoding"));
    }

    [Fact]
    public async Task A_response_with_Transfer_Encoding_and_Content_Length_reaches_the_client_without_Content_Length()
    {
        using var forwarders = new Forwarders();
        await using var upstream = RawUpstream.Answering(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));

        var response = await RawHttp.SendAsync(front.Port, "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.DoesNotContain("Content-Length", RawHttp.Head(response), StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_Length_is_not_copied_from_a_response_that_also_has_Transfer_Encoding()
    {
        using var upstream = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        upstream.Headers.TryAddWithoutValidation("Transfer-Encoding", "chunked");
        upstream.Content.Headers.TryAddWithoutValidation("Content-Length", "3");
        var context = new DefaultHttpContext();

        ResponseHeaderCopier.CopyStatusAndHeaders(upstream, context);

        Assert.Null(context.Response.ContentLength);
        Assert.False(context.Response.Headers.ContainsKey("Transfer-Encoding"));
    }
}
