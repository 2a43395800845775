using Microsoft.AspNetCore.Http;
using Runway.Edge.Hosting;

namespace Runway.Edge.Tests.Hosting;

public class ProxyTargetTests
{
    [Theory]
    [InlineData("https://api.example.com/items/42?sort=desc&page=2")]
    [InlineData("http://API.Example.com:8080/a/b/c")]
    [InlineData("https://api.example.com")]
    [InlineData("https://api.example.com?x=1")]
    [InlineData("http://127.0.0.1:65535/v1/users/me")]
    [InlineData("https://api.example.com/a:b@c/(x)*+,;=~_-.!$&'")]
    [InlineData("https://api.example.com/a/b.json?q=a/b?c")]
    public void A_plain_url_splits_as_Uri_reads_it(string url)
    {
        Assert.True(ProxyTarget.TryParsePlain(url, out var target));
        var uri = new Uri(url, UriKind.Absolute);
        Assert.Equal(uri.Host, target.Host.ToString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(PathString.FromUriComponent(uri.AbsolutePath), target.Path);
        Assert.Equal(QueryString.FromUriComponent(uri.Query), target.Query);
    }

    [Theory]
    [InlineData("https://user:pw@api.example.com/")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("https://api.example.com/a%20b")]
    [InlineData("https://api.example.com/a/../b")]
    [InlineData("https://api.example.com/./b")]
    [InlineData("https://api.example.com/a b")]
    [InlineData("https://api.example.com/a\\b")]
    [InlineData("https://api.example.com/é")]
    [InlineData("https://api.example.com/?q=%41")]
    [InlineData("https://api.example.com/?")]
    [InlineData("https://api.example.com:99999/")]
    [InlineData("https://api.example.com:/")]
    [InlineData("https://.example.com/")]
    [InlineData("https://api.example.com/#top")]
    [InlineData("ftp://api.example.com/")]
    [InlineData("/api/items")]
    public void Anything_Uri_would_change_or_refuse_is_left_to_Uri(string url) =>
        Assert.False(ProxyTarget.TryParsePlain(url, out _));

    [Theory]
    [InlineData("shop.localhost:8080", "shop.localhost")]
    [InlineData("shop.localhost", "shop.localhost")]
    [InlineData("[::1]:8080", "[::1]")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("127.0.0.1:80", "127.0.0.1")]
    public void The_host_name_is_read_without_its_port(string host, string name) =>
        Assert.Equal(name, EdgeRequestHandler.HostName(new HostString(host)).ToString());
}
