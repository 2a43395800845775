using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Runway.Edge.Forwarding;
using Runway.Edge.Tests.Support;

namespace Runway.Edge.Tests.Forwarding;

/// <summary>The forwarder's own HTTP/1.1 connections, which carry GET and HEAD requests without a body: kept-alive reuse, the
/// framings a response may use (RFC 9112 §6.3), interim responses, and malformed heads.</summary>
public sealed class Http1ConnectionTests
{
    [Fact]
    public async Task Sequential_requests_reuse_one_upstream_connection()
    {
        using var forwarders = new Forwarders();
        var connections = new ConcurrentDictionary<string, int>();
        await using var upstream = await TestServer.StartAsync(async c =>
        {
            connections.AddOrUpdate(c.Connection.Id, 1, (_, n) => n + 1);
            await c.Response.WriteAsync("hi " + c.Request.Path);
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"hi /{i}", await client.GetStringAsync(new Uri($"/{i}", UriKind.Relative)));
            Assert.True((await front.NextResultAsync()).Succeeded);
        }

        Assert.Equal(5, Assert.Single(connections).Value);
    }

    [Fact]
    public async Task A_connection_idle_for_longer_than_the_idle_timeout_is_closed_instead_of_reused()
    {
        using var forwarders = new Forwarders(clientOptions: new ForwarderClientOptions { PooledConnectionIdleTimeout = TimeSpan.FromMilliseconds(200) });
        var connections = new ConcurrentDictionary<string, int>();
        await using var upstream = await TestServer.StartAsync(async c =>
        {
            connections.AddOrUpdate(c.Connection.Id, 1, (_, n) => n + 1);
            await c.Response.WriteAsync("hi");
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        Assert.Equal("hi", await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Equal("hi", await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        await Task.Delay(500);
        Assert.Equal("hi", await client.GetStringAsync(new Uri("/", UriKind.Relative)));

        Assert.Equal([2, 1], connections.Values.Order().Reverse());
    }

    [Fact]
    public async Task An_address_unused_for_longer_than_the_idle_timeout_is_forgotten_and_made_again_when_needed()
    {
        using var forwarders = new Forwarders(clientOptions: new ForwarderClientOptions { PooledConnectionIdleTimeout = TimeSpan.FromMilliseconds(200) });
        await using var upstream = await TestServer.StartAsync(c => c.Response.WriteAsync("hi"));
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        Assert.Equal("hi", await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Equal(1, forwarders.Forwarder.PooledAddresses);
        for (var i = 0; i < 60 && forwarders.Forwarder.PooledAddresses > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, forwarders.Forwarder.PooledAddresses);
        Assert.Equal("hi", await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Equal(1, forwarders.Forwarder.PooledAddresses);
    }

    [Fact]
    public async Task A_kept_connection_the_upstream_closed_while_idle_is_replaced_without_an_error()
    {
        using var forwarders = new Forwarders();
        // Keeps nothing open although the answer does not say "Connection: close": the next request finds the socket closed.
        await using var upstream = RawUpstream.Answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("ok", await client.GetStringAsync(new Uri("/", UriKind.Relative)));
            Assert.Equal(ForwardError.None, (await front.NextResultAsync()).Error);
            // Lets the upstream's close arrive before the next request takes the connection from the pool.
            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the upstream closes", "read until the upstream closes")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 1\r\n\r\n", "hello world")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "abc")]
    [InlineData("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal", "final")]
    [InlineData("HTTP/1.1 200 OK\r\ncontent-length: 4\r\nCONNECTION: close\r\n\r\ncase", "case")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity , Chunked \r\n\r\n3\r\nabc\r\n0\r\n\r\n", "abc")]
    public async Task Each_body_framing_reaches_the_client_whole(string answer, string body)
    {
        using var forwarders = new Forwarders();
        await using var upstream = RawUpstream.Answering(answer);
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.True((await front.NextResultAsync()).Succeeded);
    }

    [Fact]
    public async Task Repeated_fields_keep_every_value_and_connection_specific_ones_are_dropped()
    {
        using var forwarders = new Forwarders();
        await using var upstream = RawUpstream.Answering(
            "HTTP/1.1 200 Fine Thanks\r\nSet-Cookie: a=1\r\nX-Private: secret\r\nConnection: X-Private\r\nKeep-Alive: timeout=5\r\n"
            + "x-other: 1\r\nconnection: keep-alive, x-OTHER \r\nSet-Cookie: b=2\r\nX-Kept: yes\r\nContent-Length: 0\r\n\r\n");
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("Set-Cookie"));
        Assert.False(response.Headers.Contains("X-Private"));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.False(response.Headers.Contains("X-Other"));
        Assert.Equal(["yes"], response.Headers.GetValues("X-Kept"));
        Assert.Equal("Fine Thanks", response.ReasonPhrase);
    }

    [Theory]
    [InlineData("GET", "HTTP/1.1 200 Fine Thanks\r\nContent-Length: 0\r\n\r\n", "Fine Thanks")]
    [InlineData("OPTIONS", "HTTP/1.1 200 Fine Thanks\r\nContent-Length: 0\r\n\r\n", "Fine Thanks")]
    [InlineData("GET", "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", "Not Found")]
    [InlineData("OPTIONS", "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", "Not Found")]
    [InlineData("GET", "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", "Not Found")]
    public async Task A_changed_reason_phrase_reaches_the_client_on_either_path_and_an_empty_one_leaves_the_standard_phrase(
        string method, string answer, string reason)
    {
        using var forwarders = new Forwarders();
        await using var upstream = RawUpstream.Answering(answer);
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri("/", UriKind.Relative)));

        Assert.Equal(reason, response.ReasonPhrase);
        Assert.True((await front.NextResultAsync()).Succeeded);
    }

    [Fact]
    public async Task A_HEAD_answer_has_no_body_even_with_a_length()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(c =>
        {
            c.Response.ContentLength = 1234;
            return Task.CompletedTask;
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/", UriKind.Relative)));
            Assert.Equal(1234, head.Content.Headers.ContentLength);
            Assert.True((await front.NextResultAsync()).Succeeded);
        }
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Name: 1\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\na")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1 1\r\n\r\na")]
    [InlineData("HTTP/1.1 200 OK\r\nNo-Colon-Here\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 O\u0001K\r\nContent-Length: 0\r\n\r\n")]
    public async Task A_malformed_answer_is_a_502_or_an_aborted_response_never_a_success(string answer)
    {
        using var forwarders = new Forwarders();
        await using var upstream = RawUpstream.Answering(answer);
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        try
        {
            using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The head had gone out already: the connection was ended instead.
        }

        Assert.False((await front.NextResultAsync()).Succeeded);
    }

    [Theory]
    [InlineData("/plain/path?q=1&r=two")]
    [InlineData("/caf%C3%A9/a%20b?x=%41&y=%2F")]
    [InlineData("/a%2Fb/./c/../d")]
    [InlineData("/.well-known/x/..z/a.?next=/./b/../c")]
    [InlineData("/(x)*+,;=~!$&'@:")]
    public async Task The_request_head_is_what_the_HttpMessageInvoker_sends_too(string sent)
    {
        using var own = new Forwarders();
        using var invoker = new Forwarders(ownConnections: false);
        var heads = new ConcurrentQueue<string>();
        await using var upstream = RawUpstream.Handling(async (head, stream) =>
        {
            heads.Enqueue(head);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
        });
        var requests = 0;
        await using var front = await ProxyFront.StartAsync(c =>
            (Interlocked.Increment(ref requests) == 1 ? own : invoker).Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sent, UriKind.Relative));
            request.Headers.Add("Cookie", "a=1");
            request.Headers.TryAddWithoutValidation("X-Custom", "one");
            request.Headers.TryAddWithoutValidation("Connection", "X-Drop");
            request.Headers.TryAddWithoutValidation("X-Drop", "gone");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", "6.6.6.6");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var ownHead = heads.ElementAt(0);
        var invokerHead = heads.ElementAt(1);
        Assert.Equal(invokerHead.Split("\r\n")[0], ownHead.Split("\r\n")[0]);
        Assert.Equal(Fields(invokerHead), Fields(ownHead));
    }

    private static string[] Fields(string head) => head.Split("\r\n").Skip(1).Where(line => line.Length > 0).Order(StringComparer.Ordinal).ToArray();
}
