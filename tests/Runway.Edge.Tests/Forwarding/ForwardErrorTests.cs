using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Runway.Edge.Forwarding;
using Runway.Edge.Tests.Support;

namespace Runway.Edge.Tests.Forwarding;

/// <summary>DESIGN forwarder rule 6: 502 when the upstream cannot be reached, 504 when it stays silent, silence towards a
/// client that left, and an aborted connection rather than a truncated success.</summary>
public sealed class ForwardErrorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_refused_connection_is_answered_502()
    {
        using var forwarders = new Forwarders();
        var nowhere = Upstreams.ClosedPort();
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, nowhere, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ForwardError.ConnectFailed, (await front.NextResultAsync()).Error);
    }

    [Fact]
    public async Task An_upstream_that_closes_after_connecting_is_answered_502_but_is_not_a_connect_failure()
    {
        using var forwarders = new Forwarders();
        await using var upstream = RawUpstream.Handling((_, _) => Task.CompletedTask);
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ForwardError.RequestFailed, (await front.NextResultAsync()).Error);
    }

    [Fact]
    public async Task An_upstream_that_switches_protocols_unasked_is_answered_502()
    {
        using var forwarders = new Forwarders();
        await using var upstream = RawUpstream.Answering("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: other\r\n\r\n");
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ForwardError.ResponseHeaders, (await front.NextResultAsync()).Error);
    }

    [Fact]
    public async Task An_upstream_that_sends_no_response_within_the_activity_timeout_is_answered_504()
    {
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(c => Task.Delay(Timeout.Infinite, c.RequestAborted));
        var options = ForwardOptions.Default with { ActivityTimeout = TimeSpan.FromMilliseconds(300) };
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, options, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(ForwardError.RequestTimedOut, (await front.NextResultAsync()).Error);
    }

    [Fact]
    public async Task An_upstream_failing_in_the_middle_of_the_body_aborts_the_client_connection()
    {
        var clientGotPart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(async c =>
        {
            await c.Response.WriteAsync("partial", c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await clientGotPart.Task.WaitAsync(Patience, c.RequestAborted);
            c.Abort();
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        Assert.Equal("partial", await RawHttp.ReadUntilAsync(body, "partial"));
        clientGotPart.SetResult();

        // A clean end of stream here would let the client take "partial" for the whole document.
        await Assert.ThrowsAnyAsync<IOException>(() => RawHttp.ReadToEndAsync(body));
        Assert.Equal(ForwardError.ResponseBodyDestination, (await front.NextResultAsync()).Error);
    }

    [Fact]
    public async Task An_upstream_that_stalls_in_the_middle_of_the_body_times_out_and_aborts_the_client_connection()
    {
        var upstreamAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(async c =>
        {
            c.RequestAborted.Register(() => upstreamAborted.TrySetResult());
            await c.Response.WriteAsync("partial", c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await Task.Delay(Timeout.Infinite, c.RequestAborted);
        });
        var options = ForwardOptions.Default with { ActivityTimeout = TimeSpan.FromMilliseconds(300) };
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, options, c.RequestAborted));
        using var client = front.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        Assert.Equal("partial", await RawHttp.ReadUntilAsync(body, "partial"));

        await Assert.ThrowsAnyAsync<IOException>(() => RawHttp.ReadToEndAsync(body));
        Assert.Equal(ForwardError.ResponseBodyTimedOut, (await front.NextResultAsync()).Error);
        await upstreamAborted.Task.WaitAsync(Patience); // the upstream connection was closed, not left waiting
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_upstream_request_without_warnings()
    {
        var upstreamStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstreamAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var forwarders = new Forwarders();
        await using var upstream = await TestServer.StartAsync(async c =>
        {
            c.RequestAborted.Register(() => upstreamAborted.TrySetResult());
            upstreamStarted.SetResult();
            await Task.Delay(Timeout.Infinite, c.RequestAborted);
        });
        await using var front = await ProxyFront.StartAsync(c => forwarders.Forwarder.ForwardAsync(c, upstream.Address, ForwardOptions.Default, c.RequestAborted));
        using var client = front.CreateClient();
        using var cancel = new CancellationTokenSource();

        var request = client.GetAsync(new Uri("/slow", UriKind.Relative), cancel.Token);
        await upstreamStarted.Task.WaitAsync(Patience);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await upstreamAborted.Task.WaitAsync(Patience);
        Assert.Equal(ForwardError.RequestCanceled, (await front.NextResultAsync()).Error);
        Assert.DoesNotContain(forwarders.Logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_response_that_already_started_cannot_be_forwarded_again()
    {
        using var forwarders = new Forwarders();
        var context = new DefaultHttpContext();
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(new StartedResponse());

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            forwarders.Forwarder.ForwardAsync(context, new Uri("http://127.0.0.1:1"), ForwardOptions.Default, CancellationToken.None).AsTask());
    }

    private sealed class StartedResponse : Microsoft.AspNetCore.Http.Features.HttpResponseFeature
    {
        public override bool HasStarted => true;
    }
}
