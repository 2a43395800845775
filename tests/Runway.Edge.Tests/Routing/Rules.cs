using Runway.Model;

namespace Runway.Edge.Tests.Routing;

/// <summary>vercel.json rules as the config reader produces them, placed in vercel.json (line 2 unless a test says otherwise).</summary>
internal static class Rules
{
    public static SourceLocation At(int line, int column = 5) => new("vercel.json", line, column);

    public static VercelRedirect Redirect(string source, string destination, int status = 308, ValueList<VercelCondition> has = default, ValueList<VercelCondition> missing = default, int line = 2) =>
        new(source, destination, status, has, missing, At(line));

    public static VercelRewrite Rewrite(string source, string destination, int? status = null, ValueList<VercelCondition> has = default, ValueList<VercelCondition> missing = default, int line = 2) =>
        new(source, destination, status, has, missing, At(line));

    public static VercelHeaderRule Header(string source, ValueList<KeyValuePair<string, string>> headers, ValueList<VercelCondition> has = default, ValueList<VercelCondition> missing = default, int line = 2) =>
        new(source, headers, has, missing, At(line));

    public static VercelRoute Route(string src, string? dest = null, int? status = null, bool isContinue = false, ValueList<KeyValuePair<string, string>> headers = default, ValueList<string> methods = default, ValueList<VercelCondition> has = default, bool check = false, int line = 2) =>
        new(Anchor(src), dest, status, headers, methods, isContinue, null, has, ValueList<VercelCondition>.Empty, At(line)) { Check = check };

    public static VercelRoute Handle(string handle) =>
        new(null, null, null, ValueList<KeyValuePair<string, string>>.Empty, ValueList<string>.Empty, false, handle, ValueList<VercelCondition>.Empty, ValueList<VercelCondition>.Empty, At(2));

    public static VercelCondition Has(string type, string? key, string? value = null) => new(type, key, value);

    public static VercelRouting Routing(
        bool cleanUrls = false,
        bool? trailingSlash = null,
        ValueList<VercelRoute> routes = default,
        ValueList<VercelRedirect> redirects = default,
        ValueList<VercelHeaderRule> headers = default,
        ValueList<VercelRewrite> rewrites = default) =>
        new(cleanUrls, trailingSlash, routes, redirects, headers, rewrites);

    public static VercelRouting Of(VercelRedirect rule) => Routing(redirects: [rule]);

    public static VercelRouting Of(VercelRewrite rule) => Routing(rewrites: [rule]);

    public static VercelRouting Of(VercelHeaderRule rule) => Routing(headers: [rule]);

    // The config reader anchors legacy src the way Vercel's normalizeRoutes does.
    private static string Anchor(string src)
    {
        src = src.StartsWith('^') ? src : "^" + src;
        src = src.EndsWith('$') ? src : src + "$";
        return src.Replace("\\/", "/", StringComparison.Ordinal);
    }
}
