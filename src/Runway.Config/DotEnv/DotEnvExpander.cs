using System.Text;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.DotEnv;

/// <summary>
/// Expands variable references in a .env value (dotenv-expand): <c>${VAR}</c>, <c>$VAR</c>, <c>${VAR:-default}</c>
/// (unset or empty), <c>${VAR-default}</c> (unset), from the variables the file defined before it.
/// </summary>
internal sealed class DotEnvExpander
{
    private readonly Func<string, string?> _lookup;
    private readonly DiagnosticBag _diagnostics;

    public DotEnvExpander(Func<string, string?> lookup, DiagnosticBag diagnostics)
    {
        _lookup = lookup;
        _diagnostics = diagnostics;
    }

    /// <summary>Expands ${VAR}, ${VAR:-default}, ${VAR-default} and $VAR; keeps Railway's ${{ ... }} references as written.</summary>
    public string Expand(string value, SourceLocation location, bool doubleQuoted)
    {
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                var escaped = Unescape(value[i + 1], doubleQuoted);
                if (escaped is not null)
                {
                    result.Append(escaped);
                    i++;
                    continue;
                }
            }

            if (c != '$' || i + 1 >= value.Length)
            {
                result.Append(c);
                continue;
            }

            i = ExpandReference(value, i, result, location);
        }

        return result.ToString();
    }

    // \$ keeps a literal $ everywhere (dotenv-expand); double-quoted values also read \n \r \t \" \\.
    private static string? Unescape(char next, bool doubleQuoted) => next switch
    {
        '$' => "$",
        'n' when doubleQuoted => "\n",
        'r' when doubleQuoted => "\r",
        't' when doubleQuoted => "\t",
        '"' when doubleQuoted => "\"",
        '\\' when doubleQuoted => "\\",
        _ => null,
    };

    private int ExpandReference(string value, int dollar, StringBuilder result, SourceLocation location)
    {
        if (value.AsSpan(dollar).StartsWith("${{"))
        {
            var close = value.IndexOf("}}", dollar, StringComparison.Ordinal);
            var end = close < 0 ? value.Length - 1 : close + 1;
            result.Append(value, dollar, end - dollar + 1);
            return end;
        }

        if (value[dollar + 1] == '{')
        {
            var close = value.IndexOf('}', dollar);
            if (close < 0)
            {
                result.Append(value, dollar, value.Length - dollar);
                return value.Length;
            }

            var body = value[(dollar + 2)..close];
            var (name, fallback, whenEmpty) = SplitDefault(body);
            result.Append(Lookup(name, fallback, whenEmpty, location));
            return close;
        }

        var nameEnd = dollar + 1;
        while (nameEnd < value.Length && (char.IsAsciiLetterOrDigit(value[nameEnd]) || value[nameEnd] == '_'))
        {
            nameEnd++;
        }

        if (nameEnd == dollar + 1)
        {
            result.Append('$');
            return dollar;
        }

        result.Append(Lookup(value[(dollar + 1)..nameEnd], null, false, location));
        return nameEnd - 1;
    }

    private static (string Name, string? Fallback, bool WhenEmpty) SplitDefault(string body)
    {
        var colonDash = body.IndexOf(":-", StringComparison.Ordinal);
        if (colonDash >= 0)
        {
            return (body[..colonDash], body[(colonDash + 2)..], true);
        }

        var dash = body.IndexOf('-', StringComparison.Ordinal);
        return dash >= 0 ? (body[..dash], body[(dash + 1)..], false) : (body, null, false);
    }

    private string Lookup(string name, string? fallback, bool whenEmpty, SourceLocation location)
    {
        var defined = _lookup(name);
        if (defined is not null && !(whenEmpty && defined.Length == 0))
        {
            return defined;
        }

        if (fallback is not null)
        {
            return fallback;
        }

        _diagnostics.Warning(location, $"${{{name}}} is not defined earlier in this file; it expands to an empty string");
        return "";
    }
}
