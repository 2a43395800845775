using System.Security.Cryptography;
using System.Text;

namespace Runway.Addons.Postgres;

/// <summary>Database and role names for an app's environment, and SQL quoting for the statements that cannot take parameters.</summary>
internal static class PostgresNames
{
    /// <summary>NAMEDATALEN - 1: longer identifiers are silently truncated by the server (PostgreSQL docs 4.1.1).</summary>
    public const int MaxIdentifierBytes = 63;

    /// <summary>
    /// <c>app_environment</c> in lower case with every other character turned into '_', so it can be typed unquoted in psql.
    /// Names that would be too long keep a hash of the full pair so they stay distinct.
    /// </summary>
    public static string For(string app, string environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        var name = Sanitise(app) + "_" + Sanitise(environment);
        // Names starting with pg_ are reserved for system roles; identifiers must start with a letter or underscore.
        if (name.StartsWith("pg_", StringComparison.Ordinal) || !char.IsAsciiLetterLower(name[0]))
        {
            name = "app_" + name;
        }

        return name.Length <= MaxIdentifierBytes ? name : name[..(MaxIdentifierBytes - 9)] + "_" + ShortHash(app, environment);
    }

    /// <summary>The same name with a hash of the pair appended: used when two pairs sanitise to the same name.</summary>
    public static string Disambiguated(string app, string environment)
    {
        var name = For(app, environment);
        return name[..Math.Min(name.Length, MaxIdentifierBytes - 9)] + "_" + ShortHash(app, environment);
    }

    /// <summary>A quoted identifier: double quotes doubled (PostgreSQL docs 4.1.1).</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A string constant with standard_conforming_strings (the default since 9.1): single quotes doubled, NUL refused.</summary>
    public static string QuoteLiteral(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("a PostgreSQL string cannot contain NUL", nameof(value));
        }

        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static string Sanitise(string part)
    {
        var builder = new StringBuilder(part.Length);
        foreach (var c in part.Trim().ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
            if (keep)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        var text = builder.ToString().TrimEnd('_');
        return text.Length == 0 ? "x" : text;
    }

    private static string ShortHash(string app, string environment) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(app + "\n" + environment)))[..8];
}
