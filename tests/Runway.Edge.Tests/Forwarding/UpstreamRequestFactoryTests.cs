using System.Net;
using Microsoft.AspNetCore.Http;
using Runway.Edge.Forwarding;

namespace Runway.Edge.Tests.Forwarding;

/// <summary>The upstream request built from a client request, without a network in between.</summary>
public sealed class UpstreamRequestFactoryTests
{
    private static HttpRequestMessage Build(HttpContext context, ForwarderSettings? settings = null, ForwardOptions? options = null)
    {
        using var activity = new ActivityCancellation(Timeout.InfiniteTimeSpan, null, default, default);
        return new UpstreamRequestFactory(settings ?? new ForwarderSettings())
            .Create(context, new Uri("http://127.0.0.1:5000/base/"), options ?? ForwardOptions.Default, isUpgrade: false, activity, out _);
    }

    private static DefaultHttpContext Context(string method = "GET")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("app.example.test");
        context.Request.Path = "/api/items";
        context.Request.QueryString = new QueryString("?page=2");
        context.Request.Protocol = "HTTP/1.1";
        context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        return context;
    }

    private static string? Header(HttpRequestMessage message, string name) =>
        message.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : message.Content?.Headers.TryGetValues(name, out var contentValues) == true ? string.Join(",", contentValues) : null;

    [Fact]
    public void Address_is_the_prefix_with_its_base_path_then_the_request_path_and_query()
    {
        using var message = Build(Context());
        Assert.Equal("http://127.0.0.1:5000/base/api/items?page=2", message.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void A_header_named_in_Connection_is_dropped()
    {
        var context = Context();
        context.Request.Headers.Connection = "keep-alive, X-Session-Hop";
        context.Request.Headers["X-Session-Hop"] = "secret";
        context.Request.Headers["X-Kept"] = "yes";

        using var message = Build(context);

        Assert.Null(Header(message, "X-Session-Hop"));
        Assert.Null(Header(message, "Connection"));
        Assert.Equal("yes", Header(message, "X-Kept"));
    }

    [Fact]
    public void A_header_value_with_CR_or_LF_is_dropped()
    {
        var context = Context();
        context.Request.Headers["X-Split"] = "a\r\nInjected: 1";
        context.Request.Headers["X-Lf"] = "a\nb";
        context.Request.Headers["X-Fine"] = "fine";

        using var message = Build(context);

        Assert.Null(Header(message, "X-Split"));
        Assert.Null(Header(message, "X-Lf"));
        Assert.Null(Header(message, "Injected"));
        Assert.Equal("fine", Header(message, "X-Fine"));
    }

    [Fact]
    public void An_IPv4_mapped_IPv6_client_is_shown_as_IPv4_in_X_Forwarded_For()
    {
        var context = Context();
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:10.1.2.3");

        using var message = Build(context);

        Assert.Equal("10.1.2.3", Header(message, "X-Forwarded-For"));
    }

    [Fact]
    public void A_trusted_proxy_behind_an_IPv4_mapped_address_is_recognised()
    {
        var context = Context();
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:10.1.2.3");
        context.Request.Headers["X-Forwarded-For"] = "198.51.100.1";
        var settings = new ForwarderSettings { TrustedProxies = [IPNetwork.Parse("10.0.0.0/8")] };

        using var message = Build(context, settings);

        Assert.Equal("198.51.100.1, 10.1.2.3", Header(message, "X-Forwarded-For"));
    }

    [Fact]
    public void A_bodiless_request_gets_no_content_but_its_content_headers_survive()
    {
        var context = Context();
        context.Request.ContentType = "application/json";

        using var message = Build(context);

        Assert.IsType<EmptyRequestContent>(message.Content);
        Assert.Equal("application/json", Header(message, "Content-Type"));
        Assert.Equal(0, message.Content!.Headers.ContentLength);
    }
}
