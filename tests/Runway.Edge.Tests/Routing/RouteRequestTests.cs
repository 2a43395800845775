using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Runway.Edge.Routing.Runtime;

namespace Runway.Edge.Tests.Routing;

public sealed class RouteRequestTests
{
    [Fact]
    public void Takes_the_raw_target_so_encoded_slashes_survive()
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpRequestFeature>(new HttpRequestFeature { Method = "GET", Path = "/a/b", RawTarget = "/a%2Fb?x=1&y=%20" });
        context.Request.Host = new HostString("example.com", 8080);

        var request = RouteRequest.From(context);

        Assert.Equal("/a%2Fb", request.Path);
        Assert.Equal("x=1&y=%20", request.Query);
        Assert.Equal("example.com:8080", request.Host);
        Assert.Equal("GET", request.Method);
    }

    [Fact]
    public void Repeated_headers_are_joined_like_node_does()
    {
        var headers = new HeaderDictionary();
        headers.Append("Accept", "text/html");
        headers.Append("Accept", "application/json");
        headers.Append("Cookie", "a=1");
        headers.Append("Cookie", "b=2");

        var request = new RouteRequest("GET", "/", "", null, headers);

        Assert.Equal("text/html, application/json", request.Header("accept"));
        Assert.Equal("a=1; b=2", request.Header("cookie"));
        Assert.Null(request.Header("x-missing"));
    }

    [Fact]
    public void An_empty_path_is_the_root()
    {
        Assert.Equal("/", new RouteRequest("GET", "", "?q=1", null, new HeaderDictionary()).Path);
        Assert.Equal("q=1", new RouteRequest("GET", "", "?q=1", null, new HeaderDictionary()).Query);
    }
}
