using System.Text.RegularExpressions;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.Procfile;

/// <summary>One process type of a Procfile.</summary>
internal sealed record ProcfileEntry(string Type, string Command, SourceLocation Location);

/// <summary>A Procfile's process types in the order they first appear.</summary>
internal sealed record ProcfileDocument(ValueList<ProcfileEntry> Entries)
{
    public const string Web = "web";
    public const string Release = "release";
    public const string Worker = "worker";

    public ProcfileEntry? Find(string type) => Entries.FirstOrDefault(e => e.Type == type);

    /// <summary>Every type except <c>release</c>: the ones that run as processes.</summary>
    public IEnumerable<ProcfileEntry> Processes => Entries.Where(e => e.Type != Release);
}

/// <summary>
/// Reads a Heroku Procfile: <c>type: command</c> per line, <c>#</c> comments and blank lines ignored.
/// </summary>
internal static partial class ProcfileReader
{
    private const int MaxTypeLength = 63;

    public static ProcfileDocument Read(string text, string file, DiagnosticBag diagnostics)
    {
        var entries = new List<ProcfileEntry>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            var indent = line.Length - line.TrimStart().Length;
            var content = line.Trim();
            if (content.Length == 0 || content.StartsWith('#'))
            {
                continue;
            }

            var lineNumber = index + 1;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                diagnostics.Error(new SourceLocation(file, lineNumber, indent + 1), $"expected \"type: command\" (for example \"web: node server.js\"), got \"{content}\"");
                continue;
            }

            var typeLocation = new SourceLocation(file, lineNumber, indent + 1);
            var type = NormalizeType(line[..colon].Trim(), typeLocation, diagnostics);
            var command = line[(colon + 1)..].Trim();
            if (type is null)
            {
                continue;
            }

            if (command.Length == 0)
            {
                diagnostics.Error(new SourceLocation(file, lineNumber, colon + 2), $"process type \"{type}\" has no command");
                continue;
            }

            var earlier = entries.FindIndex(e => e.Type == type);
            var entry = new ProcfileEntry(type, command, typeLocation);
            if (earlier >= 0)
            {
                // Heroku: a repeated process type replaces the earlier one.
                diagnostics.Warning(typeLocation, $"process type \"{type}\" is defined again (first at line {entries[earlier].Location.Line}); this line wins");
                entries[earlier] = entry;
            }
            else
            {
                entries.Add(entry);
            }
        }

        return new ProcfileDocument(entries.ToValueList());
    }

    // Heroku process types: [a-z0-9]([a-z0-9-]*[a-z0-9])?, at most 63 characters. Read leniently: lower-case, '_' as '-'.
    private static string? NormalizeType(string type, SourceLocation location, DiagnosticBag diagnostics)
    {
        if (type.Length > MaxTypeLength)
        {
            diagnostics.Error(location, $"process type \"{type}\" is longer than {MaxTypeLength} characters");
            return null;
        }

        if (ValidType().IsMatch(type))
        {
            return type;
        }

        var normalized = type.ToLowerInvariant().Replace('_', '-');
        if (ValidType().IsMatch(normalized))
        {
            diagnostics.Warning(location, $"process type \"{type}\" is not a valid Heroku process type (lower-case letters, digits and -); it is read as \"{normalized}\"");
            return normalized;
        }

        diagnostics.Error(location, $"process type \"{type}\" is invalid: use lower-case letters, digits and - (not at the start or end)");
        return null;
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidType();
}
