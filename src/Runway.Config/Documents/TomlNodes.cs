using Runway.Config.Toml;
using Runway.Model;

namespace Runway.Config.Documents;

/// <summary>Turns a parsed TOML document into config nodes that carry the file's name in every location.</summary>
internal static class TomlNodes
{
    /// <summary>Deepest table nesting converted; dotted keys can nest tables far deeper than any config needs.</summary>
    public const int MaxDepth = 128;

    /// <summary>The document as nodes; null (with an error) when tables are nested deeper than <see cref="MaxDepth"/>.</summary>
    public static ConfigNode? FromTable(TomlTable table, string file, DiagnosticBag diagnostics)
    {
        var tooDeep = new List<TomlValue>(1);
        var node = Convert(table, file, 0, tooDeep);
        if (tooDeep.Count == 0)
        {
            return node;
        }

        var position = tooDeep[0].Position;
        diagnostics.Error(new SourceLocation(file, position.Line, position.Column), $"tables are nested more than {MaxDepth} levels deep");
        return null;
    }

    private static ConfigNode Convert(TomlValue value, string file, int depth, List<TomlValue> tooDeep)
    {
        var location = At(file, value.Position);
        if (depth > MaxDepth)
        {
            tooDeep.Add(value);
            return ConfigNode.Null(location);
        }

        return value switch
        {
            TomlString s => ConfigNode.String(s.Value, location),
            TomlInteger i => ConfigNode.FromInteger(i.Value, location),
            TomlFloat f => ConfigNode.FromFloat(f.Value, location),
            TomlBoolean b => ConfigNode.FromBoolean(b.Value, location),
            TomlDateTime d => ConfigNode.DateTime(d.Text, location),
            TomlArray a => ConfigNode.Array(a.Select(item => Convert(item, file, depth + 1, tooDeep)).ToList(), location),
            TomlTable t => ConfigNode.Object(
                t.Select(pair => new ConfigProperty(pair.Key, At(file, t.KeyPosition(pair.Key)), Convert(pair.Value, file, depth + 1, tooDeep))).ToList(),
                location),
            _ => throw new InvalidOperationException("Unknown TOML value " + value.GetType().Name),
        };
    }

    private static SourceLocation At(string file, TomlPosition position) => new(file, position.Line, position.Column);
}
