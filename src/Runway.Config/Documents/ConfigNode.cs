using System.Globalization;
using Runway.Model;

namespace Runway.Config.Documents;

internal enum ConfigNodeKind
{
    Null,
    String,
    Integer,
    Float,
    Boolean,
    DateTime,
    Array,
    Object,
}

/// <summary>The syntax a document was written in; it decides how types are named in messages.</summary>
internal enum ConfigSyntax
{
    Toml,
    Json,
}

/// <summary>A property of an object node: its key, where the key was written, and its value.</summary>
internal sealed record ConfigProperty(string Key, SourceLocation KeyLocation, ConfigNode Value);

/// <summary>
/// One value of a TOML or JSON document with where it was written, so railway.toml and railway.json
/// (and nixpacks.toml and nixpacks.json) are read by the same code.
/// </summary>
internal sealed class ConfigNode
{
    private static readonly IReadOnlyList<ConfigNode> NoItems = [];
    private static readonly IReadOnlyList<ConfigProperty> NoProperties = [];

    private ConfigNode(ConfigNodeKind kind, SourceLocation location)
    {
        Kind = kind;
        Location = location;
    }

    public ConfigNodeKind Kind { get; }

    public SourceLocation Location { get; }

    /// <summary>The text of a string, or the RFC 3339 text of a date-time.</summary>
    public string Text { get; private init; } = "";

    public long Integer { get; private init; }

    public double Float { get; private init; }

    public bool Boolean { get; private init; }

    public IReadOnlyList<ConfigNode> Items { get; private init; } = NoItems;

    public IReadOnlyList<ConfigProperty> Properties { get; private init; } = NoProperties;

    public bool IsScalar => Kind is not (ConfigNodeKind.Array or ConfigNodeKind.Object or ConfigNodeKind.Null);

    public static ConfigNode Null(SourceLocation location) => new(ConfigNodeKind.Null, location);

    public static ConfigNode String(string text, SourceLocation location) => new(ConfigNodeKind.String, location) { Text = text };

    public static ConfigNode FromInteger(long value, SourceLocation location) => new(ConfigNodeKind.Integer, location) { Integer = value };

    public static ConfigNode FromFloat(double value, SourceLocation location) => new(ConfigNodeKind.Float, location) { Float = value };

    public static ConfigNode FromBoolean(bool value, SourceLocation location) => new(ConfigNodeKind.Boolean, location) { Boolean = value };

    public static ConfigNode DateTime(string text, SourceLocation location) => new(ConfigNodeKind.DateTime, location) { Text = text };

    public static ConfigNode Array(IReadOnlyList<ConfigNode> items, SourceLocation location) => new(ConfigNodeKind.Array, location) { Items = items };

    public static ConfigNode Object(IReadOnlyList<ConfigProperty> properties, SourceLocation location) => new(ConfigNodeKind.Object, location) { Properties = properties };

    /// <summary>The property with this exact key, or null.</summary>
    public ConfigProperty? Property(string key)
    {
        foreach (var property in Properties)
        {
            if (property.Key == key)
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>A scalar as the text a shell variable would hold (numbers in invariant form, booleans lower-case); null for arrays and objects.</summary>
    public string? ScalarText() => Kind switch
    {
        ConfigNodeKind.String or ConfigNodeKind.DateTime => Text,
        ConfigNodeKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        ConfigNodeKind.Float => Float.ToString("R", CultureInfo.InvariantCulture),
        ConfigNodeKind.Boolean => Boolean ? "true" : "false",
        _ => null,
    };

    /// <summary>The value as a message shows it after "got": <c>"SOMETIMES"</c>, <c>42</c>, <c>a table</c>.</summary>
    public string Describe(ConfigSyntax syntax) => Kind switch
    {
        ConfigNodeKind.String => Quote(Text),
        ConfigNodeKind.DateTime => "date-time " + Text,
        ConfigNodeKind.Array => "an array",
        ConfigNodeKind.Object => syntax == ConfigSyntax.Toml ? "a table" : "an object",
        ConfigNodeKind.Null => "null",
        _ => ScalarText()!,
    };

    private static string Quote(string text)
    {
        const int MaxShown = 60;
        var shown = text.Length > MaxShown ? text[..MaxShown] + "..." : text;
        return "\"" + shown.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
    }
}
