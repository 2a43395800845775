using Microsoft.AspNetCore.Http;
using Runway.Edge.Routing;
using Runway.Edge.Routing.Runtime;
using Runway.Model;

namespace Runway.Edge.Tests.Routing;

/// <summary>A site's output directory as a set of file paths, remembering what the router asked for.</summary>
internal sealed class TestSite(params string[] files)
{
    private readonly HashSet<string> _files = [.. files];

    public List<string> Asked { get; } = [];

    public bool FileExists(string path)
    {
        Asked.Add(path);
        return _files.Contains(path);
    }
}

internal static class RouterHarness
{
    /// <summary>Compiles the routing (which must be free of diagnostics) and routes one request.</summary>
    public static RouteDecision Route(VercelRouting routing, TestSite site, string url, string method = "GET", string? host = "example.com", params (string Name, string Value)[] headers)
    {
        var compiled = SiteRouting.Compile(routing);
        Assert.Empty(compiled.Diagnostics);
        return compiled.Router.Route(Request(url, method, host, headers), site.FileExists);
    }

    public static RouteRequest Request(string url, string method = "GET", string? host = "example.com", params (string Name, string Value)[] headers)
    {
        var mark = url.IndexOf('?', StringComparison.Ordinal);
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        return new RouteRequest(method, mark < 0 ? url : url[..mark], mark < 0 ? "" : url[(mark + 1)..], host, dictionary);
    }

    public static void AssertRedirect(RouteDecision decision, int status, string location)
    {
        Assert.Equal(RouteDecisionKind.Redirect, decision.Kind);
        Assert.Equal(status, decision.StatusCode);
        Assert.Equal(location, decision.Target);
    }

    public static void AssertServes(RouteDecision decision, RouteDecisionKind kind, string file, int status = 200)
    {
        Assert.Equal(kind, decision.Kind);
        Assert.Equal(file, decision.Target);
        Assert.Equal(status, decision.StatusCode);
    }

    public static string? Header(RouteDecision decision, string name) =>
        decision.Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}
