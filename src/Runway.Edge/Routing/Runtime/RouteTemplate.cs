using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Runway.Edge.Routing.Runtime;

/// <summary>
/// A route table string with references, precompiled: <c>$1</c> is a source group by number, <c>$name</c> or
/// <c>${name}</c> a named value (a has capture, a has key, <c>host</c>, or a named group of the source). A reference
/// to nothing becomes empty, as in Vercel's proxy; a <c>$</c> followed by no name stays as it is.
/// </summary>
internal sealed class RouteTemplate
{
    private readonly string _text;
    private readonly Part[]? _parts;

    private RouteTemplate(string text, Part[]? parts)
    {
        _text = text;
        _parts = parts;
    }

    private readonly record struct Part(string? Literal, int Group, string? Name);

    public bool HasReferences => _parts is not null;

    public static RouteTemplate Parse(string text)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return new RouteTemplate(text, null);
        }

        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var (name, length) = text[i] == '$' ? ReferenceAt(text, i + 1) : (null, 0);
            if (name is null)
            {
                literal.Append(text[i]);
                continue;
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), 0, null));
                literal.Clear();
            }

            parts.Add(name.All(char.IsAsciiDigit)
                ? new Part(null, int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var group) ? group : int.MaxValue, null)
                : new Part(null, 0, name));
            i += length;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), 0, null));
        }

        return new RouteTemplate(text, [.. parts]);
    }

    /// <summary>The text with its references filled from the source match and the route's named values.</summary>
    public string Fill(in SourceMatch match, IReadOnlyList<string?> groupNames, RouteParameters parameters)
    {
        if (_parts is null)
        {
            return _text;
        }

        // Built on the stack (spilling to pooled arrays when long): only the finished string is allocated.
        var builder = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        foreach (var part in _parts)
        {
            if (part.Literal is not null)
            {
                builder.AppendLiteral(part.Literal);
            }
            else if (part.Name is null)
            {
                if (part.Group < match.GroupCount)
                {
                    builder.AppendFormatted(match.Span(part.Group));
                }
            }
            else
            {
                builder.AppendFormatted(parameters.Find(part.Name) ?? NamedGroup(match, groupNames, part.Name));
            }
        }

        return builder.ToStringAndClear();
    }

    public override string ToString() => _text;

    private static string? NamedGroup(in SourceMatch match, IReadOnlyList<string?> groupNames, string name)
    {
        for (var i = 1; i < groupNames.Count && i < match.GroupCount; i++)
        {
            if (groupNames[i] == name && match.Succeeded(i))
            {
                return match.Span(i).ToString();
            }
        }

        return null;
    }

    private static (string? Name, int Length) ReferenceAt(string text, int start)
    {
        if (start < text.Length && text[start] == '{')
        {
            var close = text.IndexOf('}', start + 1);
            return close > start + 1 && IsNameRun(text, start + 1, close) ? (text[(start + 1)..close], close - start + 1) : (null, 0);
        }

        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end > start ? (text[start..end], end - start) : (null, 0);
    }

    private static bool IsNameRun(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (!char.IsAsciiLetterOrDigit(text[i]) && text[i] != '_')
            {
                return false;
            }
        }

        return true;
    }
}
