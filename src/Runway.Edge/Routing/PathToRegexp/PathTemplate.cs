using System.Text;

namespace Runway.Edge.Routing.PathToRegexp;

/// <summary>path-to-regexp 6.1.0's <c>compile(template, { validate: false })(values)</c>: fills parameters with plain strings.</summary>
internal static class PathTemplate
{
    /// <summary>The filled template, or null where path-to-regexp would throw (bad syntax, or a required parameter without a value).</summary>
    public static string? TryFill(string template, IReadOnlyDictionary<string, string> values)
    {
        List<PathToken> tokens;
        try
        {
            tokens = PathTokenizer.Parse(template);
        }
        catch (PathSyntaxException)
        {
            return null;
        }

        var path = new StringBuilder(template.Length + 8);
        foreach (var token in tokens)
        {
            if (token.IsText)
            {
                path.Append(token.Text);
                continue;
            }

            if (values.TryGetValue(token.KeyName, out var value))
            {
                path.Append(token.Prefix).Append(value).Append(token.Suffix);
                continue;
            }

            if (token.Modifier is not ("?" or "*"))
            {
                return null;
            }
        }

        return path.ToString();
    }

    /// <summary>The parameter names a template uses, as path-to-regexp's keys (named ones only), or null when it does not parse.</summary>
    public static List<string>? NamedKeys(string template)
    {
        try
        {
            return PathPattern.Keys(PathTokenizer.Parse(template)).Where(k => k.Name is { Length: > 0 }).Select(k => k.Name!).ToList();
        }
        catch (PathSyntaxException)
        {
            return null;
        }
    }
}
